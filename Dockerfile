# One image recipe for the three services: docker build --build-arg PROJECT=Api|Worker|Notifier .
FROM mcr.microsoft.com/dotnet/sdk:10.0 AS build
ARG PROJECT=Api
WORKDIR /src
# Project files first, so the package restore is cached until a dependency changes.
COPY Directory.Build.props Directory.Build.targets Directory.Packages.props ./
COPY Contracts/Contracts.csproj Contracts/
COPY ServiceDefaults/ServiceDefaults.csproj ServiceDefaults/
COPY Imaging/Imaging.csproj Imaging/
COPY Components/Components.csproj Components/
COPY Worker/Worker.csproj Worker/
COPY Notifier/Notifier.csproj Notifier/
COPY Api/Api.csproj Api/
RUN dotnet restore "${PROJECT}/${PROJECT}.csproj" -r linux-x64
COPY Contracts/ Contracts/
COPY ServiceDefaults/ ServiceDefaults/
COPY Imaging/ Imaging/
COPY Components/ Components/
COPY Worker/ Worker/
COPY Notifier/ Notifier/
COPY Api/ Api/
RUN dotnet publish "${PROJECT}/${PROJECT}.csproj" -c Release -r linux-x64 --self-contained false --no-restore -o /app

FROM mcr.microsoft.com/dotnet/aspnet:10.0 AS runtime
ARG PROJECT=Api
# libvips comes with the NuGet package; watermark text needs a font.
RUN apt-get update \
    && apt-get install -y --no-install-recommends fonts-dejavu-core \
    && rm -rf /var/lib/apt/lists/* \
    && mkdir /data && chown "$APP_UID" /data
WORKDIR /app
COPY --from=build /app .
ENV ASPNETCORE_HTTP_PORTS=8080 \
    APP_DLL=Queues.${PROJECT}.dll
EXPOSE 8080
USER $APP_UID
# The image has no curl; bash's /dev/tcp asks the readiness endpoint instead.
HEALTHCHECK --interval=5s --timeout=3s --start-period=20s --retries=5 \
    CMD ["bash", "-c", "exec 3<>/dev/tcp/127.0.0.1/8080 && printf 'GET /health/ready HTTP/1.0\\r\\n\\r\\n' >&3 && grep -q ' 200 ' <&3"]
# exec: dotnet becomes PID 1 and receives SIGTERM, so a worker finishes its images before stopping.
ENTRYPOINT ["sh", "-c", "exec dotnet \"$APP_DLL\""]
