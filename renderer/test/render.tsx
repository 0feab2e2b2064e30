import { render } from '@testing-library/react';
import { createQueryClient } from '../data/query-client';
import { Root } from '../Root';
import { FakeBridge } from './fake-bridge';

/** Renders the whole app over a fake bridge, as the real window would over the preload. */
export function renderApp(bridge: FakeBridge | null = new FakeBridge()) {
  if (bridge) window.magpie = bridge;
  const queryClient = createQueryClient();
  const utils = render(<Root queryClient={queryClient} />);
  return { ...utils, bridge, queryClient };
}

/** A bridge with Alice signed in and a direct conversation with Bob. */
export function aliceAndBob() {
  const bridge = new FakeBridge();
  const alice = bridge.addUser('alice', 'Alice Liddell');
  const bob = bridge.addUser('bob', 'Bob Stone');
  bridge.signInAs(alice);
  const conversation = bridge.openDirect(alice, bob);
  return { bridge, alice, bob, conversation };
}
