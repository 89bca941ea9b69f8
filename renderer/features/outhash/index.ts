/** The outhash view, mounted by the app's router (props: the route's q/sel). */
export { OuthashView, type OuthashViewProps } from './outhash-view';
