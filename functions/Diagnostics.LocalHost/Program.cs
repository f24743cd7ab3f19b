using Diagnostics.LocalHost;

await LocalHostApp.Build(args).RunAsync();
