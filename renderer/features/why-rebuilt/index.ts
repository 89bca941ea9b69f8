/** The why-rebuilt view, mounted by the app's router (props: the route's q/sel). */
export { WhyRebuiltView, type WhyRebuiltViewProps } from './why-rebuilt-view';
