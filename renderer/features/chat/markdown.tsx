import MarkdownIt from 'markdown-it';
import type { Token } from 'markdown-it';
import type { ReactNode } from 'react';
import { openExternal } from './links';

/**
 * The light markdown messages may carry (**bold**, _italic_, ~~struck~~, `code`, ```blocks```,
 * > quotes, links), parsed to tokens and built into React elements here: raw HTML is off in the
 * parser, and nothing is ever set as HTML, so a `<script>` in a message is only text. Headings,
 * lists, tables, images and indented code stay off: in chat, "# 1" or "1." at a line start is
 * what the person typed, not a format.
 */
const parser = new MarkdownIt('zero', { html: false, linkify: true, breaks: true });
parser.enable(['blockquote', 'fence', 'linkify']);
parser.enable(['emphasis', 'strikethrough', 'backticks', 'link', 'autolink', 'newline', 'escape', 'entity']);

/** A highlighted `@name` in the text: who it names, and whether that is the reader. */
export interface MentionPattern {
  token: string;
  me: boolean;
}

/** Only these open in the browser; anything else a link claims to be stays text. */
export function isSafeUrl(url: string): boolean {
  return /^https?:\/\//i.test(url);
}

function escapeRegExp(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

/** One regex over every mention token, longest first so "@Ann Lee" wins over "@Ann". */
export function mentionRegex(patterns: readonly MentionPattern[]): RegExp | null {
  const tokens = [...new Set(patterns.map((p) => p.token))].filter((t) => t.length > 1).sort((a, b) => b.length - a.length);
  if (tokens.length === 0) return null;
  return new RegExp(`(${tokens.map(escapeRegExp).join('|')})`, 'g');
}

interface RenderContext {
  mentions: readonly MentionPattern[];
  regex: RegExp | null;
  keyPrefix: string;
}

function renderText(text: string, ctx: RenderContext, key: string): ReactNode {
  if (!ctx.regex || text.length === 0) return text;
  const parts = text.split(ctx.regex);
  if (parts.length === 1) return text;
  return parts.map((part, i) => {
    // split() with one capture group puts the matches at odd indexes.
    if (i % 2 === 0) return part;
    const me = ctx.mentions.some((m) => m.me && m.token === part);
    return (
      <span key={`${key}-m${i}`} className={me ? 'mention mention--me' : 'mention'} data-testid="mention" data-me={me ? 'true' : undefined}>
        {part}
      </span>
    );
  });
}

interface Frame {
  token: Token | null;
  children: ReactNode[];
}

function inlineElement(open: Token, children: ReactNode[], key: string): ReactNode {
  switch (open.type) {
    case 'strong_open':
      return <strong key={key}>{children}</strong>;
    case 'em_open':
      return <em key={key}>{children}</em>;
    case 's_open':
      return <del key={key}>{children}</del>;
    case 'link_open': {
      const href = String(open.attrGet('href') ?? '');
      if (!isSafeUrl(href)) return <span key={key}>{children}</span>;
      return (
        <a
          key={key}
          className="message-link"
          href={href}
          target="_blank"
          rel="noopener noreferrer"
          title={href}
          // Never navigate this window: the system browser opens it.
          onClick={(event) => {
            event.preventDefault();
            openExternal(href);
          }}
          onAuxClick={(event) => event.preventDefault()}
        >
          {children}
        </a>
      );
    }
    default:
      return <span key={key}>{children}</span>;
  }
}

function renderInline(tokens: Token[], ctx: RenderContext, keyBase: string): ReactNode[] {
  const stack: Frame[] = [{ token: null, children: [] }];
  tokens.forEach((token, i) => {
    const key = `${keyBase}-${i}`;
    const top = stack[stack.length - 1]!;
    if (token.nesting === 1) {
      stack.push({ token, children: [] });
      return;
    }
    if (token.nesting === -1) {
      const frame = stack.length > 1 ? stack.pop()! : null;
      if (frame?.token) stack[stack.length - 1]!.children.push(inlineElement(frame.token, frame.children, key));
      return;
    }
    switch (token.type) {
      case 'text':
        top.children.push(renderText(token.content, ctx, key));
        break;
      case 'code_inline':
        top.children.push(
          <code key={key} className="message-code">
            {token.content}
          </code>,
        );
        break;
      case 'softbreak':
      case 'hardbreak':
        top.children.push(<br key={key} />);
        break;
      default:
        // Anything else the parser might emit is shown as its literal text, never as markup.
        if (token.content) top.children.push(token.content);
    }
  });
  // Unbalanced opens (should not happen) keep their text.
  while (stack.length > 1) {
    const frame = stack.pop()!;
    stack[stack.length - 1]!.children.push(...frame.children);
  }
  return stack[0]!.children;
}

function blockElement(open: Token, children: ReactNode[], key: string): ReactNode {
  if (open.type === 'blockquote_open') {
    return (
      <blockquote key={key} className="message-quote">
        {children}
      </blockquote>
    );
  }
  if (open.type === 'paragraph_open') {
    return (
      <p key={key} className="message-paragraph">
        {children}
      </p>
    );
  }
  return <div key={key}>{children}</div>;
}

/** The message's text as React elements: formatting, clickable links and highlighted mentions. */
export function renderMarkdown(text: string, mentions: readonly MentionPattern[] = []): ReactNode[] {
  const ctx: RenderContext = { mentions, regex: mentionRegex(mentions), keyPrefix: 'md' };
  const tokens = parser.parse(text, {});
  const stack: Frame[] = [{ token: null, children: [] }];
  tokens.forEach((token, i) => {
    const key = `b${i}`;
    const top = stack[stack.length - 1]!;
    if (token.nesting === 1) {
      stack.push({ token, children: [] });
    } else if (token.nesting === -1) {
      const frame = stack.length > 1 ? stack.pop()! : null;
      if (frame?.token) stack[stack.length - 1]!.children.push(blockElement(frame.token, frame.children, key));
    } else if (token.type === 'inline') {
      top.children.push(...renderInline(token.children ?? [], ctx, key));
    } else if (token.type === 'fence' || token.type === 'code_block') {
      top.children.push(
        <pre key={key} className="message-pre">
          <code>{token.content.replace(/\n$/, '')}</code>
        </pre>,
      );
    } else if (token.content) {
      top.children.push(<p key={key}>{token.content}</p>);
    }
  });
  while (stack.length > 1) {
    const frame = stack.pop()!;
    stack[stack.length - 1]!.children.push(...frame.children);
  }
  return stack[0]!.children;
}
