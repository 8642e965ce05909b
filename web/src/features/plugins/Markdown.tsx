import { Fragment, type ReactNode } from 'react'

/**
 * The few markdown forms the operation doc pages use (headings, paragraphs, lists, fenced code, inline
 * code and bold), made into React elements: the text is a plugin's, so it is never parsed as HTML.
 */
export default function Markdown({ text }: { text: string }) {
  const blocks: ReactNode[] = []
  const lines = text.replace(/\r\n?/g, '\n').split('\n')
  for (let i = 0; i < lines.length; ) {
    const line = lines[i]
    if (line.startsWith('```')) {
      const code: string[] = []
      for (i++; i < lines.length && !lines[i].startsWith('```'); i++) code.push(lines[i])
      i++
      blocks.push(<pre key={blocks.length} className="code wrap">{code.join('\n')}</pre>)
    } else if (/^#{1,6} /.test(line)) {
      const level = Math.min(line.indexOf(' ') + 2, 6)
      const Heading = `h${level}` as 'h3'
      blocks.push(<Heading key={blocks.length}>{inline(line.slice(line.indexOf(' ') + 1))}</Heading>)
      i++
    } else if (/^\s*[-*] /.test(line)) {
      const items: string[] = []
      for (; i < lines.length && /^\s*[-*] /.test(lines[i]); i++) items.push(lines[i].replace(/^\s*[-*] /, ''))
      blocks.push(
        <ul key={blocks.length}>
          {items.map((item, n) => (
            <li key={n}>{inline(item)}</li>
          ))}
        </ul>,
      )
    } else if (line.trim() === '') i++
    else {
      const paragraph: string[] = []
      for (; i < lines.length && lines[i].trim() !== '' && !/^(#{1,6} |```|\s*[-*] )/.test(lines[i]); i++) paragraph.push(lines[i])
      blocks.push(<p key={blocks.length}>{inline(paragraph.join(' '))}</p>)
    }
  }
  return <div className="markdown">{blocks}</div>
}

/** `code` and **bold** within a line. */
function inline(text: string): ReactNode {
  return text.split(/(`[^`]+`|\*\*[^*]+\*\*)/).map((part, i) =>
    part.startsWith('`') && part.endsWith('`') && part.length > 1 ? (
      <code key={i}>{part.slice(1, -1)}</code>
    ) : part.startsWith('**') && part.endsWith('**') && part.length > 3 ? (
      <strong key={i}>{part.slice(2, -2)}</strong>
    ) : (
      <Fragment key={i}>{part}</Fragment>
    ),
  )
}
