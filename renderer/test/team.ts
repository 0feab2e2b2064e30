import { addGroup } from './fake-groups';
import { FakeBridge } from './fake-bridge';
import type { User } from '../../shared/protocol/entities';

/**
 * A workspace of four: Olga owns "Launch 发布" with Adam (admin) and Mia (member); Dan is not in
 * it. `as` signs in whoever the test looks through.
 */
export function launchTeam(as: 'olga' | 'adam' | 'mia' = 'olga') {
  const bridge = new FakeBridge();
  const olga = bridge.addUser('olga', 'Olga Owner');
  const adam = bridge.addUser('adam', 'Adam Admin');
  const mia = bridge.addUser('mia', '米娅');
  const dan = bridge.addUser('dan', 'Dan Outside');
  const launch = addGroup(bridge, olga, 'Launch 发布', [adam, mia]);
  launch.members.find((m) => m.id === adam.id)!.role = 'admin';
  const people: Record<string, User> = { olga, adam, mia };
  bridge.signInAs(people[as]!);
  return { bridge, olga, adam, mia, dan, launch };
}
