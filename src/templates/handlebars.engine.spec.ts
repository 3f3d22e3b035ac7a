import { LIMIT_DEFAULTS } from '../common/config/limits';
import {
  type CompiledTemplate,
  TemplateEngine,
  TemplateRenderError,
  TemplateSyntaxError,
} from './handlebars.engine';
import type { TemplateContent } from './template.model';

const engine = new TemplateEngine(LIMIT_DEFAULTS.templates);
const none = new Map<string, CompiledTemplate>();

const render = (
  content: TemplateContent,
  data: object,
  partials: Record<string, TemplateContent> = {},
): Partial<Record<string, string>> =>
  engine.render(
    engine.compile(content),
    data,
    new Map(Object.entries(partials).map(([name, source]) => [name, engine.compile(source)])),
  );

function renderError(content: TemplateContent, data: object): TemplateRenderError {
  try {
    render(content, data);
  } catch (error) {
    if (error instanceof TemplateRenderError) return error;
    throw error;
  }
  throw new Error('rendered without an error');
}

function syntaxError(content: TemplateContent): TemplateSyntaxError {
  try {
    engine.compile(content);
  } catch (error) {
    if (error instanceof TemplateSyntaxError) return error;
    throw error;
  }
  throw new Error('compiled without an error');
}

describe('TemplateEngine', () => {
  describe('escaping', () => {
    const data = { name: '<script>alert("x")</script> & co' };

    it('escapes variables in html', () => {
      expect(render({ html: '<p>{{name}}</p>' }, data).html).toBe(
        '<p>&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt; &amp; co</p>',
      );
    });

    it('leaves triple-stash variables in html unescaped, as Handlebars documents', () => {
      expect(render({ html: '{{{name}}}' }, { name: '<b>bold</b>' }).html).toBe('<b>bold</b>');
    });

    it('does not escape subject or text', () => {
      const rendered = render({ subject: 'Hi {{name}}', text: 'Dear {{name}}' }, data);
      expect(rendered.subject).toBe(`Hi ${data.name}`);
      expect(rendered.text).toBe(`Dear ${data.name}`);
    });
  });

  describe('strict variables', () => {
    it('names a missing variable with its part, line and column', () => {
      const error = renderError({ html: '<p>\n  Hello {{name}}</p>' }, {});
      expect(error.part).toBe('html');
      expect(error.variable).toBe('name');
      expect(error.message).toBe('html: missing variable "name" (line 2, column 10)');
    });

    it('names the whole path of a missing nested variable', () => {
      const error = renderError({ text: 'Ship to {{address.city}}' }, { address: {} });
      expect(error.variable).toBe('address.city');
      expect(error.message).toContain('"address.city"');
    });

    it('names a missing field of an item in a loop', () => {
      const error = renderError(
        { text: '{{#each items}}{{sku}} {{/each}}' },
        { items: [{ sku: 'a' }, {}] },
      );
      expect(error.variable).toBe('sku');
    });

    it('names the property it could not read under a missing value', () => {
      const error = renderError({ text: '{{#if user.vip}}VIP{{/if}}' }, {});
      expect(error.message).toContain('"vip"');
    });

    it('renders falsy values that are present: 0, false and empty strings', () => {
      expect(render({ text: '{{n}}|{{b}}|{{s}}|' }, { n: 0, b: false, s: '' }).text).toBe(
        '0|false||',
      );
    });

    it('lets #if and #each test optional values without failing', () => {
      const content = { text: '{{#if coupon}}Code {{coupon}}{{else}}none{{/if}}' };
      expect(render(content, {}).text).toBe('none');
      expect(render(content, { coupon: 'X1' }).text).toBe('Code X1');
    });
  });

  describe('sandbox', () => {
    it('does not reach prototype properties or methods', () => {
      const rendered = render(
        { text: '[{{constructor}}][{{lookup this "__proto__"}}][{{toString}}]' },
        {},
      );
      expect(rendered.text).toBe('[][][]');
    });

    it('finds no partial under the name of a prototype member', () => {
      const compiled = engine.compile({ text: '{{> constructor}}' });
      expect(() => engine.render(compiled, {}, none)).toThrow(
        new TemplateRenderError('text', 'text: no partial named "constructor" for text'),
      );
    });

    it('refuses helpers other than the built-in ones when compiling', () => {
      const error = syntaxError({ html: '{{uppercase name}}' });
      expect(error.part).toBe('html');
      expect(error.message).toContain('unknown helper "uppercase"');
    });

    it('has no log helper that could write to the server output', () => {
      expect(syntaxError({ text: '{{log "hi"}}' }).message).toContain('unknown helper "log"');
    });

    it('reports partials that include each other without end as a render error', () => {
      const error = (() => {
        try {
          render({ text: '{{> loop}}' }, {}, { loop: { text: 'x{{> loop}}' } });
        } catch (caught) {
          return caught;
        }
        return undefined;
      })();
      expect(error).toBeInstanceOf(TemplateRenderError);
    });
  });

  describe('partials', () => {
    const layout = { html: '<main>{{> @partial-block}}</main><footer>{{company}}</footer>' };

    it('includes a partial with the same data', () => {
      const rendered = render(
        { html: '{{> header}}<p>{{body}}</p>' },
        { title: 'T&C', body: 'b' },
        { header: { html: '<h1>{{title}}</h1>' } },
      );
      expect(rendered.html).toBe('<h1>T&amp;C</h1><p>b</p>');
    });

    it('wraps content in a layout with a partial block', () => {
      const rendered = render(
        { html: '{{#> layout}}<p>Hi {{name}}</p>{{/layout}}' },
        { name: 'Alex', company: 'Acme' },
        { layout },
      );
      expect(rendered.html).toBe('<main><p>Hi Alex</p></main><footer>Acme</footer>');
    });

    it('uses the text of a partial in text and subject, and its html in html', () => {
      const rendered = render(
        { subject: '{{> brand}}: hello', html: '{{> brand}}', text: '{{> brand}}' },
        { name: 'A&B' },
        { brand: { html: '<b>{{name}}</b>', text: '*{{name}}*' } },
      );
      expect(rendered).toEqual({ subject: '*A&B*: hello', html: '<b>A&amp;B</b>', text: '*A&B*' });
    });

    it('only sees the partials it is given', () => {
      const compiled = engine.compile({ html: '{{> layout}}' });
      expect(() => engine.render(compiled, {}, none)).toThrow(
        new TemplateRenderError('html', 'html: no partial named "layout" for html'),
      );
    });

    it('names a variable missing inside a partial', () => {
      try {
        render({ html: '{{> header}}' }, {}, { header: { html: '<h1>{{title}}</h1>' } });
        throw new Error('rendered');
      } catch (error) {
        expect(error).toBeInstanceOf(TemplateRenderError);
        expect((error as TemplateRenderError).message).toBe(
          'html: missing variable "title" (in a partial)',
        );
      }
    });

    it('knows which templates include partials', () => {
      expect(engine.compile({ html: '<p>{{x}}</p>' }).usesPartials).toBe(false);
      expect(engine.compile({ html: '{{#> layout}}x{{/layout}}' }).usesPartials).toBe(true);
      expect(engine.compile({ html: 'x', text: '{{> footer}}' }).usesPartials).toBe(true);
    });
  });

  describe('syntax errors at compile time', () => {
    it('names the part and the line of a parse error', () => {
      const error = syntaxError({ subject: 'ok', html: '<p>\nline two {{name</p>' });
      expect(error.part).toBe('html');
      expect(error.line).toBe(2);
      expect(error.message).toMatch(/^html, line 2: Parse error; Expecting .+; near "/);
      expect(error.message).not.toContain('\n');
    });

    it('names the line of a block that is closed by the wrong name', () => {
      const error = syntaxError({ text: 'a\n{{#if x}}\n{{/each}}' });
      expect(error).toMatchObject({ part: 'text', line: 2 });
      expect(error.message).toBe("text, line 2: if doesn't match each");
    });

    it('reports an unclosed block in the subject', () => {
      expect(syntaxError({ subject: '{{#if vip}}VIP' }).part).toBe('subject');
    });
  });
  describe('bounded rendering', () => {
    const LOOPS = '{{#each @root.a}}{{#each @root.a}}{{#each @root.a}}x{{/each}}{{/each}}{{/each}}';
    const items = (n: number): number[] => Array.from({ length: n }, (_, i) => i);

    it('stops a render once one part has produced maxChars characters', () => {
      const small = new TemplateEngine({ ...LIMIT_DEFAULTS.templates, maxChars: 1_000 });
      const template = small.compile({ text: LOOPS });
      expect(small.render(template, { a: items(9) }, none).text).toHaveLength(729);
      expect(() => small.render(template, { a: items(11) }, none)).toThrow(
        'text: the output passed 1000 characters, the most a render may produce',
      );
    });

    it('counts the output of blocks and partials once, not at each level that appends it', () => {
      const small = new TemplateEngine({ ...LIMIT_DEFAULTS.templates, maxChars: 1_000 });
      const inner = small.compile({
        text: '{{#each @root.a}}{{#each @root.a}}yy{{/each}}{{/each}}',
      });
      const outer = small.compile({ text: '{{#if ok}}{{> inner}}{{/if}}' });
      const text = small.render(
        outer,
        { ok: true, a: items(22) },
        new Map([['inner', inner]]),
      ).text;
      expect(text).toHaveLength(968);
    });

    it('stops the attack of nested loops within its time budget, whatever the output limit', () => {
      const timed = new TemplateEngine({ ...LIMIT_DEFAULTS.templates, maxChars: 100_000_000 });
      const template = timed.compile({ html: LOOPS });
      const started = performance.now();
      expect(() => timed.render(template, { a: items(200) }, none)).toThrow(
        'html: rendering took longer than 50 ms, the most a render may take',
      );
      expect(performance.now() - started).toBeLessThan(150);
    });

    it('refuses a part with more expressions than maxExpressions when it is compiled', () => {
      const small = new TemplateEngine({ ...LIMIT_DEFAULTS.templates, maxExpressions: 10 });
      expect(small.compile({ text: '{{a}}'.repeat(10) }).content.text).toBeDefined();
      const error = (() => {
        try {
          small.compile({ text: '{{a}}'.repeat(11) });
        } catch (caught) {
          return caught;
        }
        return undefined;
      })();
      expect(error).toBeInstanceOf(TemplateSyntaxError);
      expect((error as TemplateSyntaxError).message).toBe(
        'text: more than 10 expressions ({{…}}), the most a part may hold',
      );
    });

    it('renders as before within the limits', () => {
      expect(render({ text: '{{#each a}}<{{this}}>{{/each}}' }, { a: items(3) }).text).toBe(
        '<0><1><2>',
      );
    });
  });
});
