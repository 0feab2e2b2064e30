import { useEffect, useState } from 'react';

/** Whole seconds left until `target` (epoch ms), ticking once a second; null without a target. */
export function useCountdown(target: number | undefined): number | null {
  const [now, setNow] = useState(() => Date.now());
  useEffect(() => {
    if (target === undefined) return;
    setNow(Date.now());
    const timer = setInterval(() => setNow(Date.now()), 250);
    return () => clearInterval(timer);
  }, [target]);
  if (target === undefined) return null;
  return Math.max(0, Math.ceil((target - now) / 1000));
}
