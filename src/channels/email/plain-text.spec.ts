import { nestsDeeperThan, plainTextOf } from './plain-text';

const nestedDivs = (depth: number): string => `${'<div>'.repeat(depth)}x${'</div>'.repeat(depth)}`;

describe('nestsDeeperThan', () => {
  it('allows nesting up to the limit and refuses one level more', () => {
    expect(nestsDeeperThan(nestedDivs(10), 10)).toBe(false);
    expect(nestsDeeperThan(nestedDivs(11), 10)).toBe(true);
  });

  it('counts the html and body elements like any other', () => {
    expect(nestsDeeperThan(`<html><body>${nestedDivs(3)}</body></html>`, 5)).toBe(false);
    expect(nestsDeeperThan(`<html><body>${nestedDivs(4)}</body></html>`, 5)).toBe(true);
  });

  it('does not nest void elements, nor elements whose end tags the parser implies', () => {
    expect(nestsDeeperThan(`<div>${'<br><img src="a.png">'.repeat(1_000)}</div>`, 2)).toBe(false);
    expect(nestsDeeperThan(`<div>${'<p>a paragraph never closed'.repeat(1_000)}</div>`, 3)).toBe(
      false,
    );
    expect(nestsDeeperThan(`<ul>${'<li>item'.repeat(1_000)}</ul>`, 3)).toBe(false);
  });

  it('refuses unclosed elements that do nest', () => {
    expect(nestsDeeperThan('<div>'.repeat(1_000), 100)).toBe(true);
  });

  it('refuses the deep body that made the conversion overflow its stack', () => {
    expect(nestsDeeperThan(nestedDivs(80_000), 100)).toBe(true);
  });
});

describe('plainTextOf', () => {
  it('keeps the text of a nested body within the limit', () => {
    expect(plainTextOf(nestedDivs(100))).toBe('x');
  });
});
