using JasperFx;
using Modular.Host.Platform;

var builder = WebApplication.CreateBuilder(args);
builder.AddModularPlatform();

var app = builder.Build();
app.UseModularPlatform();

return await app.RunJasperFxCommands(args);
