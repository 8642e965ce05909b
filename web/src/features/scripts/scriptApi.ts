import type { ScriptApi, ScriptDoc } from '../../api'

/** Every described name a script can write: `log`, `documents`, `documents.create`, `rest.request`… */
export function scriptNames(scriptApi: ScriptApi): Map<string, ScriptDoc> {
  const names = new Map<string, ScriptDoc>()
  for (const doc of [...scriptApi.globals, ...scriptApi.connectors]) {
    names.set(doc.name, doc)
    for (const member of doc.members ?? []) names.set(`${doc.name}.${member.name}`, member)
  }
  return names
}
