import type { Conversation, Session } from '../../shared/protocol';
import type { TestServer } from './testing';
import { TestClient } from './testing-client';

/** Test-only helpers shared by the server's own test files. */

let counter = 0;
/** A fresh valid username per call, so tests sharing a server never collide. */
export function uniqueName(prefix = 'user'): string {
  counter += 1;
  return `${prefix}${counter}-${Math.random().toString(36).slice(2, 8)}`;
}

export interface SignedIn {
  client: TestClient;
  session: Session;
}

export async function signedInClient(server: TestServer, prefix = 'user', displayName?: string): Promise<SignedIn> {
  const client = await TestClient.connect(server.socketUrl);
  const username = uniqueName(prefix);
  const session = await client.signUp(username, 'correct horse battery', displayName ?? username);
  return { client, session };
}

/** A second socket of the same session (another window or device of the same person). */
export async function secondSocket(server: TestServer, session: Session): Promise<TestClient> {
  const client = await TestClient.connect(server.socketUrl);
  await client.request('auth.resume', { token: session.token });
  return client;
}

/** Two signed-in people and the direct conversation between them. */
export async function directPair(server: TestServer): Promise<{ alice: SignedIn; bob: SignedIn; conversation: Conversation }> {
  const alice = await signedInClient(server, 'alice');
  const bob = await signedInClient(server, 'bob');
  const { conversation } = await alice.client.request('conversations.openDirect', { userId: bob.session.user.id });
  return { alice, bob, conversation };
}

export async function sendText(client: TestClient, conversationId: string, text: string, clientId = uniqueName('c')) {
  return (await client.request('messages.send', { conversationId, clientId, text })).message;
}
