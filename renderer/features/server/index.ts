/** The server view, mounted by the app's router (props: the route's q/sel). */
export { ServerView, type ServerViewProps } from './server-view';
