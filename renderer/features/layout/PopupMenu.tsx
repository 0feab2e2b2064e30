import { useEffect, useLayoutEffect, useRef, useState } from 'react';
import { createPortal } from 'react-dom';

export interface MenuItem {
  id: string;
  label: string;
  onSelect: () => void;
  danger?: boolean;
}

interface PopupMenuProps {
  label: string;
  items: readonly MenuItem[];
  /** Where to open: a pointer position, or under this element. */
  at: { x: number; y: number } | null;
  anchor: HTMLElement;
  onClose: () => void;
  testId?: string;
}

/**
 * A menu as WAI-ARIA describes it: focus goes to the first item, arrows, Home and End move, Enter
 * or Space choose, Escape, Tab or a click elsewhere close it and give focus back to the opener.
 */
export function PopupMenu({ label, items, at, anchor, onClose, testId }: PopupMenuProps) {
  const menu = useRef<HTMLUListElement>(null);
  const [position, setPosition] = useState<{ left: number; top: number }>(() => {
    if (at) return { left: at.x, top: at.y };
    const box = anchor.getBoundingClientRect();
    return { left: box.left + 8, top: box.bottom };
  });

  // Keep it inside the window.
  useLayoutEffect(() => {
    const box = menu.current?.getBoundingClientRect();
    if (!box || box.width === 0) return;
    const left = Math.max(4, Math.min(position.left, window.innerWidth - box.width - 4));
    const top = Math.max(4, Math.min(position.top, window.innerHeight - box.height - 4));
    if (left !== position.left || top !== position.top) setPosition({ left, top });
  }, [position]);

  useEffect(() => {
    menu.current?.querySelector<HTMLElement>('[role="menuitem"]')?.focus();
    const onPointer = (e: PointerEvent) => {
      if (!menu.current?.contains(e.target as Node)) onClose();
    };
    document.addEventListener('pointerdown', onPointer, true);
    return () => document.removeEventListener('pointerdown', onPointer, true);
  }, [onClose]);

  const close = () => {
    onClose();
    anchor.focus();
  };

  const onKeyDown = (e: React.KeyboardEvent) => {
    const entries = [...(menu.current?.querySelectorAll<HTMLElement>('[role="menuitem"]') ?? [])];
    const index = entries.indexOf(document.activeElement as HTMLElement);
    const focusAt = (i: number) => entries[(i + entries.length) % entries.length]?.focus();
    if (e.key === 'ArrowDown') focusAt(index + 1);
    else if (e.key === 'ArrowUp') focusAt(index - 1);
    else if (e.key === 'Home') focusAt(0);
    else if (e.key === 'End') focusAt(entries.length - 1);
    else if (e.key === 'Escape' || e.key === 'Tab') close();
    else return;
    e.preventDefault();
    e.stopPropagation();
  };

  return createPortal(
    <ul ref={menu} className="popup-menu" role="menu" aria-label={label} data-testid={testId} style={position} onKeyDown={onKeyDown}>
      {items.map((item) => (
        <li key={item.id} role="none">
          <button
            type="button"
            role="menuitem"
            tabIndex={-1}
            className={`popup-menu__item${item.danger ? ' popup-menu__item--danger' : ''}`}
            data-testid={`menu-${item.id}`}
            onClick={() => {
              close();
              item.onSelect();
            }}
          >
            {item.label}
          </button>
        </li>
      ))}
    </ul>,
    document.body,
  );
}
