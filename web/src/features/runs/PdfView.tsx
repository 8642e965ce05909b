import { getDocument, GlobalWorkerOptions } from 'pdfjs-dist'
import workerUrl from 'pdfjs-dist/build/pdf.worker.min.mjs?url'
import { useEffect, useRef, useState } from 'react'

GlobalWorkerOptions.workerSrc = workerUrl

/** The most pages drawn in the page; the download has them all. */
const maxPages = 30

/**
 * A PDF document drawn page by page on canvases by PDF.js (loaded with this page only), which runs none
 * of the PDF's own script: the browser's PDF viewer would need the document's sandbox lifted.
 */
export default function PdfView({ data, name }: { data: ArrayBuffer; name: string }) {
  const pagesRef = useRef<HTMLDivElement>(null)
  const [pages, setPages] = useState<number>()
  const [error, setError] = useState<string>()

  useEffect(() => {
    const target = pagesRef.current
    if (!target) return
    // PDF.js takes the buffer over: it is given a copy, so the cached answer stays readable.
    const loading = getDocument({ data: data.slice(0), enableXfa: false })
    let ended = false
    loading.promise
      .then(async (pdf) => {
        setPages(pdf.numPages)
        for (let number = 1; number <= Math.min(pdf.numPages, maxPages) && !ended; number++) {
          const page = await pdf.getPage(number)
          const viewport = page.getViewport({ scale: 1.5 })
          const canvas = document.createElement('canvas')
          canvas.width = viewport.width
          canvas.height = viewport.height
          canvas.setAttribute('role', 'img')
          canvas.setAttribute('aria-label', `Page ${number} of ${pdf.numPages}`)
          target.append(canvas)
          await page.render({ canvas, viewport }).promise
        }
      })
      .catch((reason: unknown) => {
        if (!ended) setError(reason instanceof Error ? reason.message : String(reason))
      })
    return () => {
      ended = true
      target.replaceChildren()
      void loading.destroy()
    }
  }, [data])

  return (
    <div aria-label={`Document ${name}`}>
      {error && (
        <p role="alert" className="error">
          This PDF cannot be shown: {error}. The download has it as it is.
        </p>
      )}
      {pages !== undefined && (
        <p className="muted small">
          {pages === 1 ? '1 page' : `${pages.toLocaleString()} pages`}
          {pages > maxPages && `, the first ${maxPages} shown; the download has them all`}
        </p>
      )}
      <div ref={pagesRef} className="pdf-pages" />
    </div>
  )
}
