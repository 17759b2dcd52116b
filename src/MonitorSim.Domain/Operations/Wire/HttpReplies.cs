using System.Globalization;

namespace MonitorSim.Domain.Operations.Wire;

/// <summary>The bodiless answers of the modelled HTTP/1.1 APIs (service flow, the supervision workflows): the same nginx
/// front end, on a kept-alive connection.</summary>
public static class HttpReplies
{
    public static WireMessage NoContent(DateTimeOffset at) =>
        new HeadBuilder("HTTP/1.1 204 No Content")
            .Add("Date", at.UtcDateTime.ToString("r", CultureInfo.InvariantCulture))
            .Add("Server", "nginx")
            .Add("Connection", "keep-alive")
            .WithoutBody();
}
