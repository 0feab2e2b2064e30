import { FakeBridge } from './fake-bridge';

/** Alice signed in with three conversations, one with a Chinese name; the newest message last. */
export function aliceWithTeam() {
  const bridge = new FakeBridge();
  const alice = bridge.addUser('alice', 'Alice Liddell');
  const bob = bridge.addUser('bob', 'Bob 王');
  const carol = bridge.addUser('carol', 'Carol Chen');
  const dan = bridge.addUser('dan', '李丹');
  bridge.signInAs(alice);
  const withBob = bridge.openDirect(alice, bob);
  const withCarol = bridge.openDirect(alice, carol);
  const withDan = bridge.openDirect(alice, dan);
  bridge.addMessage(withBob.id, bob, '今天开会吗？', { createdAt: Date.now() - 3000 });
  bridge.addMessage(withCarol.id, carol, 'lunch at noon?', { createdAt: Date.now() - 2000 });
  bridge.addMessage(withDan.id, dan, '收到', { createdAt: Date.now() - 1000 });
  return { bridge, alice, bob, carol, dan, withBob, withCarol, withDan };
}
