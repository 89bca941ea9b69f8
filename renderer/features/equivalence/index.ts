/** The equivalence view, mounted by the app's router (props: the route's q/sel). */
export { EquivalenceView, type EquivalenceViewProps } from './equivalence-view';
