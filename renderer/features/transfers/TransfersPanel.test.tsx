import { act, fireEvent, screen, waitFor, within } from '@testing-library/react';
import { describe, expect, it } from 'vitest';
import { addTransfer, updateTransfer } from '../../test/fake-message-ops';
import { openChatWithBob, renderedMessages } from '../../test/signed-in';
import { formatBytes } from './format';

describe('transfers', () => {
  it('the sidebar badge counts running transfers; the panel shows progress, speed and what is left', async () => {
    const { bridge } = await openChatWithBob((world) => {
      addTransfer(world.bridge, { direction: 'upload', name: 'report.pdf', size: 10 * 1024 * 1024, bytesDone: 4 * 1024 * 1024, bytesPerSecond: 1024 * 1024 });
      addTransfer(world.bridge, { direction: 'download', name: 'old.zip', size: 2048, state: 'done', bytesDone: 2048, localPath: '/tmp/old.zip' });
    });
    expect((await screen.findByTestId('transfers-badge')).textContent).toBe('1');
    fireEvent.click(screen.getByTestId('transfers-button'));
    const panel = await screen.findByTestId('transfers-panel');
    const [running, done] = within(panel).getAllByTestId('transfer');
    expect(within(running!).getByTestId('transfer-detail').textContent).toBe('4 MB of 10 MB · 1 MB/s · 6 MB left');
    expect(within(done!).getByTestId('transfer-open')).toBeTruthy();

    fireEvent.click(within(running!).getByTestId('transfer-cancel'));
    await waitFor(() => expect(screen.queryByTestId('transfers-badge')).toBeNull());
    const cancelled = within(panel).getAllByTestId('transfer').find((t) => t.getAttribute('data-state') === 'cancelled')!;
    fireEvent.click(within(cancelled).getByTestId('transfer-retry'));
    await waitFor(() => expect(screen.getByTestId('transfers-badge').textContent).toBe('1'));

    fireEvent.click(within(done!).getByTestId('transfer-remove'));
    await waitFor(() => expect(within(panel).getAllByTestId('transfer')).toHaveLength(1));
    expect(bridge.callsTo('transfers.remove')).toHaveLength(1);
  });

  it('a file message downloads with progress from transfers.changed, then opens', async () => {
    const { bridge, conversation } = await openChatWithBob(({ bridge, conversation, bob }) =>
      bridge.addMessage(conversation.id, bob, '', {
        kind: 'file',
        attachment: { id: 'f-1', name: 'plan.docx', size: 3000, contentType: 'application/vnd.openxmlformats-officedocument.wordprocessingml.document', sha256: 'a'.repeat(64), width: null, height: null, durationMs: null, thumbnailFileId: null },
      }),
    );
    await waitFor(() => expect(renderedMessages()).toHaveLength(1));
    const file = screen.getByTestId('file-attachment');
    expect(file.getAttribute('data-category')).toBe('document');
    expect(file.textContent).toContain(formatBytes(3000));
    fireEvent.click(within(file).getByTestId('download-button'));
    await waitFor(() => expect(bridge.callsTo('transfers.download')).toEqual([{ conversationId: conversation.id, messageId: bridge.messagesOf(conversation.id)[0]!.id }]));
    const transfer = [...bridge.ops.transfers.values()][0]!;
    act(() => void updateTransfer(bridge, transfer.id, { bytesDone: 1500 }));
    await waitFor(() => expect((screen.getByTestId('download-progress') as HTMLProgressElement).value).toBe(50));
    act(() => void updateTransfer(bridge, transfer.id, { bytesDone: 3000, state: 'done', localPath: '/home/me/Downloads/plan.docx' }));
    fireEvent.click(await screen.findByTestId('download-open'));
    await waitFor(() => expect(bridge.callsTo('transfers.open')).toEqual([{ transferId: transfer.id }]));
  });
});
