global using Microsoft.Extensions.DependencyInjection;
global using Shouldly;
global using Xunit;
