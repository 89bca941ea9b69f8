/**
 * jsdom has no layout, so a virtualizer sees a 0x0 viewport and renders no rows. Give every element
 * a fixed size (and offsetHeight/Width, which @tanstack/react-virtual reads) for the test's duration.
 */
export function stubLayout(width = 1000, height = 600): () => void {
  const props = ['clientHeight', 'offsetHeight', 'clientWidth', 'offsetWidth'] as const;
  const saved = props.map((p) => [p, Object.getOwnPropertyDescriptor(HTMLElement.prototype, p)] as const);
  for (const p of props) {
    Object.defineProperty(HTMLElement.prototype, p, {
      configurable: true,
      get: () => (p.includes('Height') ? height : width),
    });
  }
  const rect = Element.prototype.getBoundingClientRect;
  Element.prototype.getBoundingClientRect = () =>
    ({
      x: 0,
      y: 0,
      top: 0,
      left: 0,
      width,
      height,
      right: width,
      bottom: height,
      toJSON: () => ({}),
    }) as DOMRect;
  return () => {
    for (const [p, d] of saved) if (d) Object.defineProperty(HTMLElement.prototype, p, d);
    Element.prototype.getBoundingClientRect = rect;
  };
}
