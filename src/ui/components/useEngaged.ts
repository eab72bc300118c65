import { type FocusEvent, useState } from 'react';

/**
 * Whether a person is engaging with an element: the pointer over it or focus inside it. The live
 * charts mount recharts' Tooltip only then: each mounted Tooltip subscribes to the chart's store
 * and adds to every redraw while training.
 */
export function useEngaged() {
  const [engaged, setEngaged] = useState(false);
  return {
    engaged,
    handlers: {
      onPointerEnter: () => setEngaged(true),
      onPointerLeave: () => setEngaged(false),
      onFocus: () => setEngaged(true),
      onBlur: (event: FocusEvent<HTMLElement>) => {
        if (!event.currentTarget.contains(event.relatedTarget as Node | null)) setEngaged(false);
      },
    },
  };
}
