import { fireEvent, screen, waitFor } from '@testing-library/react';
import { describe, expect, it } from 'vitest';
import { renderApp } from '../../test/render';
import { aliceWithTeam } from '../../test/world';

const results = () => screen.queryAllByTestId('search-result');

async function searchFor(world: ReturnType<typeof aliceWithTeam>, query: string) {
  renderApp(world.bridge);
  fireEvent.click(await screen.findByTestId('search-button'));
  fireEvent.change(await screen.findByTestId('search-input'), { target: { value: query } });
}

describe('search: local and server merged', () => {
  it('local hits come first; history only the server has follows, labelled, each message once', async () => {
    const world = aliceWithTeam();
    const old = world.bridge.addMessage(world.withBob.id, world.bob, 'budget from last year', { createdAt: Date.now() - 86_400_000 });
    world.bridge.ops.uncached.add(old.clientId);
    world.bridge.addMessage(world.withCarol.id, world.carol, 'new budget draft');
    await searchFor(world, 'budget');
    await waitFor(() => expect(results()).toHaveLength(2));
    expect(results().map((r) => r.getAttribute('data-source'))).toEqual(['local', 'server']);
    expect(results()[1]!.getAttribute('data-seq')).toBe(String(old.seq));
    expect(screen.getAllByTestId('search-result-server')).toHaveLength(1);
    expect(world.bridge.callsTo('search.server')).toEqual([{ query: 'budget', limit: 20 }]);
  });

  it('offline, only the local search runs, and the panel says so', async () => {
    const world = aliceWithTeam();
    world.bridge.connection = { status: 'offline' };
    world.bridge.addMessage(world.withCarol.id, world.carol, 'budget offline');
    await searchFor(world, 'budget');
    await waitFor(() => expect(results()).toHaveLength(1));
    expect(screen.getByTestId('server-search-status').textContent).toBe('Offline: showing messages stored on this computer only.');
    expect(world.bridge.callsTo('search.server')).toHaveLength(0);
  });

  it('a failing server search leaves the local hits and says why', async () => {
    const world = aliceWithTeam();
    world.bridge.failWith('search.server', 'server.unavailable');
    world.bridge.addMessage(world.withCarol.id, world.carol, 'budget again');
    await searchFor(world, 'budget');
    await waitFor(() => expect(screen.getByTestId('server-search-status').textContent).toContain("Can't reach the server"));
    expect(results()).toHaveLength(1);
  });
});
