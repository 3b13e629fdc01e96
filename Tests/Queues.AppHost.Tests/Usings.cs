global using Shouldly;
global using Xunit;
global using Queues.Tests.Support;
