# The host with its console and plugins, for docker-compose.yml (Docker is not needed otherwise).
FROM node:20 AS web
WORKDIR /web
COPY web/package.json web/package-lock.json ./
RUN npm ci --no-audit --no-fund
COPY web/ ./
RUN npx vite build --outDir /wwwroot

FROM mcr.microsoft.com/dotnet/sdk:10.0 AS build
WORKDIR /src
COPY . .
COPY --from=web /wwwroot src/Modular.Host/wwwroot
RUN dotnet publish src/Modular.Host -c Release -o /app -p:SkipWebBuild=true \
 && for plugin in Modular.Connectors.Rest Modular.Connectors.HubSpot Modular.Connectors.Slack Modular.Connectors.GoogleSheets Modular.Connectors.Wati Modular.Connectors.Pipes; do \
      mkdir -p /app/plugins/$plugin && cp plugins/$plugin/bin/* /app/plugins/$plugin/; done

FROM mcr.microsoft.com/dotnet/aspnet:10.0
WORKDIR /app
COPY --from=build /app .
ENV Plugins__Path=/app/plugins ASPNETCORE_URLS=http://0.0.0.0:8080
EXPOSE 8080
ENTRYPOINT ["dotnet", "Modular.Host.dll"]
