import { useEffect, useLayoutEffect, useRef, useState } from 'react';
import { createPortal } from 'react-dom';

export interface MenuItem {
  id: string;
  label: string;
  danger?: boolean;
  run: () => void;
}

interface ActionMenuProps {
  items: MenuItem[];
  /** Where it opens: the pointer for a right-click, the control for the keyboard. */
  at: { x: number; y: number };
  label: string;
  onClose: () => void;
}

/** A context menu: focus on the first item, ↑/↓/Home/End move, Enter runs, Escape or a click outside closes. */
export function ActionMenu({ items, at, label, onClose }: ActionMenuProps) {
  const menu = useRef<HTMLDivElement>(null);
  const [active, setActive] = useState(0);
  const [position, setPosition] = useState({ left: at.x, top: at.y });

  // Keep it inside the window once its size is known.
  useLayoutEffect(() => {
    const el = menu.current;
    if (!el) return;
    const { width, height } = el.getBoundingClientRect();
    setPosition({
      left: Math.max(4, Math.min(at.x, window.innerWidth - width - 4)),
      top: Math.max(4, Math.min(at.y, window.innerHeight - height - 4)),
    });
  }, [at.x, at.y]);
  useEffect(() => {
    menu.current?.querySelectorAll<HTMLElement>('[role="menuitem"]')[active]?.focus();
  }, [active]);
  useEffect(() => {
    const onDown = (event: MouseEvent) => {
      if (menu.current && !menu.current.contains(event.target as Node)) onClose();
    };
    const onBlur = () => onClose();
    document.addEventListener('mousedown', onDown);
    window.addEventListener('blur', onBlur);
    return () => {
      document.removeEventListener('mousedown', onDown);
      window.removeEventListener('blur', onBlur);
    };
  }, [onClose]);

  const onKeyDown = (event: React.KeyboardEvent) => {
    const last = items.length - 1;
    const go = (index: number) => {
      event.preventDefault();
      setActive(index);
    };
    if (event.key === 'ArrowDown') go(active >= last ? 0 : active + 1);
    else if (event.key === 'ArrowUp') go(active <= 0 ? last : active - 1);
    else if (event.key === 'Home') go(0);
    else if (event.key === 'End') go(last);
    else if (event.key === 'Escape' || event.key === 'Tab') {
      event.preventDefault();
      event.stopPropagation();
      onClose();
    }
  };

  return createPortal(
    <div ref={menu} className="action-menu" role="menu" aria-label={label} data-testid="message-menu" style={position} onKeyDown={onKeyDown}>
      {items.map((item, index) => (
        <button
          key={item.id}
          type="button"
          role="menuitem"
          tabIndex={index === active ? 0 : -1}
          className={`action-menu__item${item.danger ? ' action-menu__item--danger' : ''}`}
          data-testid={`menu-${item.id}`}
          onMouseEnter={() => setActive(index)}
          onClick={() => {
            onClose();
            item.run();
          }}
        >
          {item.label}
        </button>
      ))}
    </div>,
    document.body,
  );
}
