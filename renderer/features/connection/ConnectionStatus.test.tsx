import { act, fireEvent, screen, waitFor } from '@testing-library/react';
import { describe, expect, it } from 'vitest';
import { aliceAndBob, renderApp } from '../../test/render';

async function signedIn() {
  const world = aliceAndBob();
  renderApp(world.bridge);
  await screen.findByTestId('current-user');
  return world;
}

describe('connection status', () => {
  it('shows online, and follows connection.changed events', async () => {
    const { bridge } = await signedIn();
    const status = await screen.findByTestId('connection-status');
    await waitFor(() => expect(status.getAttribute('data-status')).toBe('online'));
    expect(status.textContent).toContain('Online');

    act(() => bridge.setConnection({ status: 'offline' }));
    await waitFor(() => expect(screen.getByTestId('connection-status').getAttribute('data-status')).toBe('offline'));
    expect(screen.getByTestId('connection-status').textContent).toContain('Offline');
  });

  it('counts down to the next attempt and retries now on request', async () => {
    const { bridge } = await signedIn();
    act(() => bridge.setConnection({ status: 'retrying', retryAt: Date.now() + 2_500 }));
    const status = screen.getByTestId('connection-status');
    await waitFor(() => expect(status.getAttribute('data-status')).toBe('retrying'));
    expect(status.textContent).toContain('Reconnecting in 3 seconds');
    await waitFor(() => expect(status.textContent).toContain('Reconnecting in 2 seconds'), { timeout: 1_500 });
    await waitFor(() => expect(status.textContent).toContain('Reconnecting in 1 second'), { timeout: 1_500 });

    fireEvent.click(screen.getByTestId('connection-retry'));
    await waitFor(() => expect(bridge.callsTo('connection.retryNow')).toEqual([{}]));
    await waitFor(() => expect(screen.getByTestId('connection-status').getAttribute('data-status')).toBe('connecting'));
  });

  it('asks for an update when the server no longer speaks our protocol', async () => {
    const { bridge } = await signedIn();
    act(() =>
      bridge.setConnection({
        status: 'offline',
        lastError: { code: 'protocol.version_unsupported', message: 'old client' },
      }),
    );
    await waitFor(() => expect(screen.getByTestId('connection-status').textContent).toContain('Please update Magpie'));
    expect(screen.queryByTestId('connection-retry')).toBeNull();
  });
});
