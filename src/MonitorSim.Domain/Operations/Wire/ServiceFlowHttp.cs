using System.Globalization;
using System.Text;
using System.Text.Encodings.Web;
using System.Text.Json;

namespace MonitorSim.Domain.Operations.Wire;

/// <summary>One step of a citizen's transaction as the queueing system reports it to the service point.</summary>
/// <param name="Ticket">Queue ticket: a letter for the business line and four digits (A0137).</param>
/// <param name="Window">Two-digit service window number.</param>
/// <param name="Seq">Six-digit event sequence number.</param>
public sealed record ServiceFlowEvent(DeviceCode Point, string Ticket, ServiceFlowStep Step, string Window, DateTimeOffset At, int Seq);

/// <summary>
/// The service-flow event on the wire. This is not GB/T 28181: the seed only says the platform watches each
/// citizen's transaction, so this models it — an assumption — as what queue-management terminals commonly do: an
/// HTTP/1.1 POST of a small JSON event over a kept-alive connection to the service point's server, answered
/// <c>204 No Content</c>.
/// </summary>
public static class ServiceFlowHttp
{
    public const int Port = 8080;

    public static WireMessage Post(ServiceFlowEvent e, string pointHost) =>
        new HeadBuilder("POST /api/v1/service-flow/events HTTP/1.1")
            .Add("Host", string.Create(CultureInfo.InvariantCulture, $"{pointHost}:{Port}"))
            .Add("User-Agent", "QueueTerminal/2.1")
            .Add("Content-Type", "application/json; charset=utf-8")
            .Add("Connection", "keep-alive")
            .WithBody(Json(e));

    private static string Json(ServiceFlowEvent e)
    {
        using var buffer = new MemoryStream(256);
        // Relaxed escaping: the default encoder would write the offset's '+' as \u002B, which no terminal sends.
        using (var json = new Utf8JsonWriter(buffer, new JsonWriterOptions { Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping }))
        {
            json.WriteStartObject();
            json.WriteString("point", e.Point.Value);
            json.WriteString("ticket", e.Ticket);
            json.WriteString("step", e.Step.ToString());
            json.WriteString("window", e.Window);
            json.WriteString("at", e.At.ToString("yyyy-MM-dd'T'HH:mm:sszzz", CultureInfo.InvariantCulture));
            json.WriteNumber("seq", e.Seq);
            json.WriteEndObject();
        }
        return Encoding.UTF8.GetString(buffer.GetBuffer(), 0, (int)buffer.Length);
    }
}
