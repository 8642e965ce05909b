// Alone: dotnet run --project src/Modular.Simulators -- --urls http://127.0.0.1:5080
await Modular.Simulators.SimulatorApp.Build(args).RunAsync();
