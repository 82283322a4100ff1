// polylabel 2 ships no type declarations; this covers the one function src/story uses.
declare module 'polylabel' {
  /**
   * The pole of inaccessibility of a polygon (rings of [x, y], the first the outer one): the
   * inside point farthest from every edge, found to within `precision` units; `distance` is
   * how far that is.
   */
  export default function polylabel(polygon: number[][][], precision?: number, debug?: boolean): [number, number] & { distance: number };
}
