import TemplateBrowser from './TemplateBrowser'

export default function LibraryPage() {
  return (
    <section>
      <h1>Action library</h1>
      <TemplateBrowser hrefFor={(t) => `/actions/new/${encodeURIComponent(t.id)}`} />
    </section>
  )
}
