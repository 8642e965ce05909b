import { autocompletion, completionKeymap, type CompletionContext, type CompletionResult } from '@codemirror/autocomplete'
import { defaultKeymap, history, historyKeymap, indentWithTab } from '@codemirror/commands'
import { javascript } from '@codemirror/lang-javascript'
import { bracketMatching, defaultHighlightStyle, indentOnInput, syntaxHighlighting } from '@codemirror/language'
import { EditorState } from '@codemirror/state'
import { EditorView, highlightActiveLine, hoverTooltip, keymap, lineNumbers } from '@codemirror/view'
import { useEffect, useLayoutEffect, useRef } from 'react'
import type { ScriptApi, ScriptDoc } from '../../api'
import { scriptNames } from './scriptApi'

interface Props {
  value: string
  onChange: (value: string) => void
  scriptApi?: ScriptApi
  label: string
  describedBy?: string
  invalid?: boolean
}

/**
 * The action's code in CodeMirror: JavaScript highlighting, line numbers, and completion and hover
 * help for the script API, from the host's own description of it (`GET /api/script-api`).
 */
export default function CodeEditor({ value, onChange, scriptApi, label, describedBy, invalid }: Props) {
  const host = useRef<HTMLDivElement>(null)
  const view = useRef<EditorView | null>(null)
  // The latest callback and text, read by the editor (made once) without making it again.
  const changed = useRef(onChange)
  const text = useRef(value)
  useLayoutEffect(() => {
    changed.current = onChange
    text.current = value
  })

  useEffect(() => {
    const names = scriptApi ? scriptNames(scriptApi) : new Map<string, ScriptDoc>()
    const editor = new EditorView({
      parent: host.current!,
      state: EditorState.create({
        doc: text.current,
        extensions: [
          lineNumbers(),
          history(),
          indentOnInput(),
          bracketMatching(),
          highlightActiveLine(),
          syntaxHighlighting(defaultHighlightStyle, { fallback: true }),
          javascript(),
          autocompletion({ override: [(context) => complete(context, scriptApi)] }),
          hoverTooltip((v, pos) => explain(v, pos, names)),
          keymap.of([...defaultKeymap, ...historyKeymap, ...completionKeymap, indentWithTab]),
          EditorView.contentAttributes.of({
            'aria-label': label,
            ...(describedBy ? { 'aria-describedby': describedBy } : {}),
            ...(invalid ? { 'aria-invalid': 'true' } : {}),
          }),
          EditorView.updateListener.of((update) => {
            if (update.docChanged) changed.current(update.state.doc.toString())
          }),
        ],
      }),
    })
    view.current = editor
    return () => editor.destroy()
    // Made again only when the script API or the attributes change; the text in it is the editor's own from then on.
  }, [scriptApi, label, describedBy, invalid])

  return <div ref={host} className={invalid ? 'code-mirror invalid' : 'code-mirror'} />
}

/** After `name.` the members of that global or connector; otherwise the globals and connectors themselves. */
function complete(context: CompletionContext, scriptApi: ScriptApi | undefined): CompletionResult | null {
  if (!scriptApi) return null
  const word = context.matchBefore(/[\w$]+\.?[\w$]*$/)
  if (!word || (word.from === word.to && !context.explicit)) return null
  const dot = word.text.indexOf('.')
  if (dot >= 0) {
    const owner = [...scriptApi.globals, ...scriptApi.connectors].find((d) => d.name === word.text.slice(0, dot))
    if (!owner?.members?.length) return null
    return { from: word.from + dot + 1, options: owner.members.map((m) => option(m, 'method')), validFor: /^[\w$]*$/ }
  }
  return {
    from: word.from,
    options: [...scriptApi.globals.map((g) => option(g, g.members?.length ? 'namespace' : g.name === 'input' ? 'variable' : 'function')), ...scriptApi.connectors.map((c) => option(c, 'namespace'))],
    validFor: /^[\w$]*$/,
  }
}

function option(doc: ScriptDoc, type: string) {
  return { label: doc.name, type, detail: doc.signature, info: doc.summary }
}

/** The description of the script API name under the pointer (`log`, or `rest.request` on either part). */
function explain(view: EditorView, pos: number, names: Map<string, ScriptDoc>) {
  const line = view.state.doc.lineAt(pos)
  const offset = pos - line.from
  for (const match of line.text.matchAll(/[\w$]+(?:\.[\w$]+)?/g)) {
    const start = match.index
    const end = start + match[0].length
    if (offset < start || offset > end) continue
    const [owner, member] = match[0].split('.')
    const onOwner = member === undefined || offset <= start + owner.length
    const doc = onOwner ? names.get(owner) : (names.get(match[0]) ?? names.get(owner))
    if (!doc) return null
    return {
      pos: line.from + start,
      end: line.from + end,
      above: true,
      create: () => {
        const dom = document.createElement('div')
        dom.className = 'script-doc'
        const signature = document.createElement('code')
        signature.textContent = doc.signature
        const summary = document.createElement('p')
        summary.textContent = doc.summary
        dom.append(signature, summary)
        return { dom }
      },
    }
  }
  return null
}
