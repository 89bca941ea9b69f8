/** The compare view, mounted by the app's router (props: the route's q/sel). */
export { CompareView, type CompareViewProps } from './compare-view';
