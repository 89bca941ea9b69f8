import type { ReactNode } from 'react';
import { useCallback, useRef, useState } from 'react';

/** Props of SplitPane. */
export interface SplitPaneProps {
  /** 'row' = side by side, 'column' = stacked. */
  direction?: 'row' | 'column';
  /** Initial size of the first pane, in percent. */
  initial?: number;
  min?: number;
  max?: number;
  /** Accessible name of the divider ("Resize task list"). */
  label: string;
  first: ReactNode;
  second: ReactNode;
}

/** Two panes with a divider that drags with the pointer and moves with arrow keys (5% steps). */
export function SplitPane({
  direction = 'row',
  initial = 50,
  min = 15,
  max = 85,
  label,
  first,
  second,
}: SplitPaneProps) {
  const [size, setSize] = useState(initial);
  const box = useRef<HTMLDivElement>(null);
  const clamp = useCallback((v: number) => Math.min(max, Math.max(min, v)), [min, max]);

  const onPointerDown = (e: React.PointerEvent) => {
    const el = box.current;
    if (!el) return;
    (e.target as Element).setPointerCapture?.(e.pointerId);
    const rect = el.getBoundingClientRect();
    const move = (ev: PointerEvent) => {
      const pct =
        direction === 'row'
          ? ((ev.clientX - rect.left) / rect.width) * 100
          : ((ev.clientY - rect.top) / rect.height) * 100;
      setSize(clamp(pct));
    };
    const up = () => {
      window.removeEventListener('pointermove', move);
      window.removeEventListener('pointerup', up);
    };
    window.addEventListener('pointermove', move);
    window.addEventListener('pointerup', up);
  };

  const onKeyDown = (e: React.KeyboardEvent) => {
    const back = direction === 'row' ? 'ArrowLeft' : 'ArrowUp';
    const fwd = direction === 'row' ? 'ArrowRight' : 'ArrowDown';
    if (e.key === back) setSize((s) => clamp(s - 5));
    else if (e.key === fwd) setSize((s) => clamp(s + 5));
    else return;
    e.preventDefault();
  };

  return (
    <div ref={box} className={`split split--${direction}`}>
      <div className="split__pane" style={{ flexBasis: `${size}%` }}>
        {first}
      </div>
      <div
        className="split__divider"
        role="separator"
        aria-label={label}
        aria-orientation={direction === 'row' ? 'vertical' : 'horizontal'}
        aria-valuenow={Math.round(size)}
        aria-valuemin={min}
        aria-valuemax={max}
        tabIndex={0}
        onPointerDown={onPointerDown}
        onKeyDown={onKeyDown}
      />
      <div className="split__pane split__pane--rest">{second}</div>
    </div>
  );
}
