using System.Globalization;
using System.Text;
using System.Text.Encodings.Web;
using System.Text.Json;

namespace MonitorSim.Domain.Operations.Wire;

/// <summary>A clue as an intake channel files it: which service point it is about, the channel, the persons named.</summary>
/// <param name="Id">The clue's id (ASCII, fixed width in the reference exchange).</param>
public sealed record ClueFiling(string Id, DeviceCode Point, string Channel, IReadOnlyList<string> Persons, DateTimeOffset At);

/// <summary>
/// The supervision workflows on the wire: clue intake and listing, and co-handled requests. This is not GB/T 28181 and the
/// seed does not say how the supervision system is reached, so it is modelled — an assumption — as a JSON API over
/// HTTP/1.1 on a kept-alive connection, as a case system's web front end or an intake channel's integration would call it:
/// <c>POST</c> a clue → <c>201 Created</c> with its location; <c>PUT</c> its listing (responsible person, deadline) →
/// <c>204 No Content</c>; <c>POST</c> a co-handled request (post, co-handler, steps) → <c>201 Created</c>.
/// </summary>
public static class SupervisionHttp
{
    public const string Host = "jw.xz.gov.cn";

    public static WireMessage Post(ClueFiling clue) =>
        Request("POST /api/v1/supervision/clues HTTP/1.1", Json(w =>
        {
            w.WriteString("id", clue.Id);
            w.WriteString("point", clue.Point.Value);
            w.WriteString("channel", clue.Channel);
            w.WriteStartArray("persons");
            foreach (var p in clue.Persons) w.WriteStringValue(p);
            w.WriteEndArray();
            w.WriteString("received", Stamp(clue.At));
        }));

    public static WireMessage Created(string clueId, DateTimeOffset at) => CreatedAt($"/api/v1/supervision/clues/{clueId}", at);

    public static WireMessage PutListing(string clueId, string responsible, DateTimeOffset at, DateTimeOffset deadline) =>
        Request($"PUT /api/v1/supervision/clues/{clueId}/listing HTTP/1.1", Json(w =>
        {
            w.WriteString("responsible", responsible);
            w.WriteString("listed", Stamp(at));
            w.WriteString("deadline", Stamp(deadline));
        }));

    public static WireMessage PostCoHandling(string requestId, string post, string coHandler, IReadOnlyList<(string Department, TimeSpan Limit)> steps, DateTimeOffset at) =>
        Request("POST /api/v1/co-handling/requests HTTP/1.1", Json(w =>
        {
            w.WriteString("id", requestId);
            w.WriteString("post", post);
            w.WriteString("co_handler", coHandler);
            w.WriteStartArray("steps");
            foreach (var (department, limit) in steps)
            {
                w.WriteStartObject();
                w.WriteString("department", department);
                w.WriteNumber("limit_minutes", (long)limit.TotalMinutes);
                w.WriteEndObject();
            }
            w.WriteEndArray();
            w.WriteString("opened", Stamp(at));
        }));

    public static WireMessage CreatedAt(string location, DateTimeOffset at) =>
        new HeadBuilder("HTTP/1.1 201 Created")
            .Add("Date", at.UtcDateTime.ToString("r", CultureInfo.InvariantCulture))
            .Add("Server", "nginx")
            .Add("Location", location)
            .Add("Connection", "keep-alive")
            .WithBody(""); // a 201 without a body still says so: Content-Length: 0

    private static WireMessage Request(string startLine, string body) =>
        new HeadBuilder(startLine)
            .Add("Host", Host)
            .Add("User-Agent", "ClueIntake/1.0")
            .Add("Content-Type", "application/json; charset=utf-8")
            .Add("Connection", "keep-alive")
            .WithBody(body);

    private static string Stamp(DateTimeOffset at) => at.ToString("yyyy-MM-dd'T'HH:mm:sszzz", CultureInfo.InvariantCulture);

    private static string Json(Action<Utf8JsonWriter> write)
    {
        using var buffer = new MemoryStream(256);
        // Relaxed escaping: Chinese names and the offset's '+' go as they are, not as \\u escapes.
        using (var json = new Utf8JsonWriter(buffer, new JsonWriterOptions { Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping }))
        {
            json.WriteStartObject();
            write(json);
            json.WriteEndObject();
        }
        return Encoding.UTF8.GetString(buffer.GetBuffer(), 0, (int)buffer.Length);
    }
}
