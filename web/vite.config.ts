import react from '@vitejs/plugin-react'
import { readFileSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { brotliCompressSync, constants, gzipSync } from 'node:zlib'
import { defineConfig, type Plugin } from 'vite'

/** Brotli and gzip copies of each built script and style, made once here: the host sends them as they are. */
function precompress(): Plugin {
  return {
    name: 'precompress',
    apply: 'build',
    writeBundle(options, bundle) {
      for (const file of Object.keys(bundle).filter((name) => /\.(m?js|css|svg)$/.test(name))) {
        const path = join(options.dir!, file)
        const content = readFileSync(path)
        writeFileSync(`${path}.br`, brotliCompressSync(content, { params: { [constants.BROTLI_PARAM_QUALITY]: 11 } }))
        writeFileSync(`${path}.gz`, gzipSync(content, { level: 9 }))
      }
    },
  }
}

// The host serves the built console from its wwwroot; `npm run dev` proxies the API to a running host.
export default defineConfig({
  plugins: [react(), precompress()],
  build: {
    outDir: '../src/Modular.Host/wwwroot',
    emptyOutDir: true,
  },
  server: {
    proxy: {
      '/api': process.env.MODULAR_API ?? 'http://127.0.0.1:5080',
    },
  },
})
