import type { HandlerDeps, HandlerModule } from './handlers';

/** The app, the session and the connection: the channels that work before sign-in. */
export function sessionHandlers(
  deps: HandlerDeps,
): HandlerModule<'app.info' | 'session.get' | 'session.signIn' | 'session.signUp' | 'session.signOut' | 'connection.get' | 'connection.retryNow'> {
  const { session, connection } = deps;
  return {
    'app.info': async () => ({ ...deps.app }),
    'session.get': async () => session.state,
    'session.signIn': (request) => session.signIn(request),
    'session.signUp': (request) => session.signUp(request),
    'session.signOut': (request) => session.signOut(request),
    'connection.get': async () => connection.current,
    'connection.retryNow': async () => {
      connection.retryNow();
      return connection.current;
    },
  };
}
