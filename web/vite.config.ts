import react from '@vitejs/plugin-react'
import { defineConfig } from 'vite'

// The host serves the built console from its wwwroot; `npm run dev` proxies the API to a running host.
export default defineConfig({
  plugins: [react()],
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
