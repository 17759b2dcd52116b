global using System.Text;
global using Xunit;
