import { fireEvent, screen, waitFor } from '@testing-library/react';
import { describe, expect, it } from 'vitest';
import { renderApp } from '../../test/render';
import { aliceWithTeam } from '../../test/world';

const titles = () => screen.queryAllByTestId('conversation-title').map((el) => el.textContent);

async function withFilter() {
  renderApp(aliceWithTeam().bridge);
  await waitFor(() => expect(titles()).toHaveLength(3));
  return screen.getByTestId('conversation-filter') as HTMLInputElement;
}

describe('conversation filter', () => {
  it('narrows the list by title, Chinese included', async () => {
    const filter = await withFilter();
    expect(filter.getAttribute('type')).toBe('search');
    fireEvent.change(filter, { target: { value: '王' } });
    expect(titles()).toEqual(['Bob 王']);
    fireEvent.change(filter, { target: { value: 'carol' } });
    expect(titles()).toEqual(['Carol Chen']);
  });

  it('matches the last message too', async () => {
    const filter = await withFilter();
    fireEvent.change(filter, { target: { value: '开会' } });
    expect(titles()).toEqual(['Bob 王']);
    fireEvent.change(filter, { target: { value: 'LUNCH' } });
    expect(titles()).toEqual(['Carol Chen']);
  });

  it('says when nothing matches, and Escape clears it', async () => {
    const filter = await withFilter();
    fireEvent.change(filter, { target: { value: '不存在' } });
    expect(titles()).toEqual([]);
    expect(screen.getByTestId('conversation-filter-empty').textContent).toBe('No conversations match “不存在”.');
    fireEvent.keyDown(filter, { key: 'Escape' });
    expect(filter.value).toBe('');
    expect(titles()).toEqual(['李丹', 'Carol Chen', 'Bob 王']);
  });

  it('keeps the open conversation open while the filter hides it', async () => {
    const filter = await withFilter();
    fireEvent.click(screen.getAllByTestId('conversation-item')[0]!);
    await screen.findByTestId('chat-view');
    fireEvent.change(filter, { target: { value: 'carol' } });
    expect(screen.getByTestId('chat-title').textContent).toBe('李丹');
  });
});
