namespace MonitorSim.Domain.Operations.Wire;

/// <summary>
/// The exchanges of each modelled operation, rendered between representative members of the Xuzhou tree. Codes,
/// addresses, SNs and timestamps have fixed widths, so the sizes hold for every device of the same role; which
/// district or serial number is picked here does not change a byte.
/// </summary>
public static class ReferenceExchanges
{
    /// <summary>Gulou district (GB/T 2260), where the representative point sits.</summary>
    public const string GulouCivilCode = "320302";

    private const string Password = "12345678";

    /// <summary>A moment to stamp messages with (a weekday morning at a service hall).</summary>
    public static readonly DateTime Moment = new(2024, 5, 20, 9, 30, 15, 250);

    /// <summary>A camera at a service point (type 132).</summary>
    public static SipEndpoint Camera(int serial = 137, string civilCode = GulouCivilCode) =>
        SipEndpoint.For(DeviceCode.Create(civilCode, DeviceType.IpCamera, serial), "IP Camera");

    /// <summary>The service point's NVR (type 118), the first GB/T 28181 node above its cameras.</summary>
    public static SipEndpoint Point(int serial = 12, string civilCode = GulouCivilCode) =>
        SipEndpoint.For(DeviceCode.Create(civilCode, DeviceType.Nvr, serial), "Embedded Net DVR/NVR/DVS");

    /// <summary>A second-level platform's SIP server (type 200).</summary>
    public static SipEndpoint Platform(int serial = 1, string civilCode = GulouCivilCode) =>
        SipEndpoint.For(DeviceCode.Create(civilCode, DeviceType.SipServer, serial), "VMS-Platform/3.2.0");

    /// <summary>The city platform's SIP server (type 200 under Xuzhou's own code 320300).</summary>
    public static SipEndpoint City() =>
        SipEndpoint.For(DeviceCode.Create(DeviceCode.XuzhouCivilCode, DeviceType.SipServer, 1), "VMS-Platform/3.2.0");

    /// <summary>Keepalive (§9.6): camera MESSAGE Keepalive → platform, 200 OK back.</summary>
    public static WireExchange Keepalive(SipEndpoint? camera = null, SipEndpoint? platform = null, int sn = 421_337)
    {
        camera ??= Camera();
        platform ??= Platform();
        var tx = SipTransaction.Derive(camera.Id.Value + "/keepalive", camera, 20);
        return new WireExchange("keepalive",
        [
            new(WireDirection.Forward, Gb28181Messages.Keepalive(camera, platform, tx, sn)),
            new(WireDirection.Back, Gb28181Messages.MessageOk(camera, platform, tx)),
        ]);
    }

    /// <summary>
    /// Registration (§9.1.2.1) with the digest challenge: REGISTER → 401 with WWW-Authenticate → REGISTER with
    /// Authorization → 200 OK with Date. A refresh goes the same way (platforms issue a fresh nonce each time).
    /// </summary>
    public static WireExchange Registration(SipEndpoint? camera = null, SipEndpoint? platform = null)
    {
        camera ??= Camera();
        platform ??= Platform();
        var first = SipTransaction.Derive(camera.Id.Value + "/register", camera, 1);
        var second = first.Next();
        var nonce = Gb28181Messages.Nonce(camera.Id.Value);
        var authorization = Gb28181Messages.DigestAuthorization(camera, platform, nonce, Password);
        return new WireExchange("registration",
        [
            new(WireDirection.Forward, Gb28181Messages.Register(camera, platform, first)),
            new(WireDirection.Back, Gb28181Messages.Unauthorized(camera, platform, first, nonce)),
            new(WireDirection.Forward, Gb28181Messages.Register(camera, platform, second, authorization)),
            new(WireDirection.Back, Gb28181Messages.RegisterOk(camera, platform, second, Moment)),
        ]);
    }

    /// <summary>An alarm at the representative camera, the kind the service-site analytics raise most.</summary>
    public static AlarmNotice SampleAlarm(AlarmType type = AlarmType.DeskUnattended, SipEndpoint? camera = null) =>
        new((camera ?? Camera()).Id, type, 3, Moment.AddMilliseconds(-250), 117.184811, 34.261792);

    /// <summary>
    /// One hop of an alarm (§9.4): the sender's MESSAGE with the alarm notify, the receiver's 200 OK, the receiver's
    /// alarm notify answer (a MESSAGE with Response/Result OK) and the sender's 200 OK to that.
    /// </summary>
    public static WireExchange AlarmHop(AlarmLeg leg, AlarmNotice alarm)
    {
        var (sender, receiver) = leg switch
        {
            AlarmLeg.CameraToPoint => (Camera(), Point()),
            AlarmLeg.PointToPlatform => (Point(), Platform()),
            AlarmLeg.PlatformToCity => (Platform(), City()),
            _ => throw new ArgumentOutOfRangeException(nameof(leg), leg, null),
        };
        var seed = $"{alarm.Source.Value}/alarm/{leg}";
        var sn = 100_000 + (int)(FixedToken.Hash(seed, "sn") % 900_000);
        var notify = SipTransaction.Derive(seed, sender, 20 + (int)leg);
        var answer = SipTransaction.Derive(seed + "/answer", receiver, 40 + (int)leg);
        return new WireExchange($"alarm {leg}",
        [
            new(WireDirection.Forward, Gb28181Messages.Message(sender, receiver, notify, Manscdp.AlarmNotify(alarm, sn))),
            new(WireDirection.Back, Gb28181Messages.MessageOk(sender, receiver, notify)),
            new(WireDirection.Back, Gb28181Messages.Message(receiver, sender, answer, Manscdp.AlarmNotifyAnswer(alarm.Source, sn))),
            new(WireDirection.Forward, Gb28181Messages.MessageOk(receiver, sender, answer)),
        ]);
    }

    /// <summary>The alarm's three hops, camera to city.</summary>
    public static WireExchange Alarm(AlarmNotice alarm) =>
        WireExchange.Concat("alarm", Enum.GetValues<AlarmLeg>().Select(leg => AlarmHop(leg, alarm)));

    /// <summary>
    /// An alarm status query (A.2.4 Query CmdType=Alarm): the city asks the platform holding the alarm's record for
    /// the camera's alarms of the last hour; 200 OK; the platform's Response listing the alarm (still active: the
    /// larger of the two answers; a cleared one comes back as an empty list); 200 OK. The supervisor's own request
    /// to the city is the city's user interface, not GB/T 28181, and is not counted.
    /// </summary>
    public static WireExchange AlarmQuery()
    {
        var city = City();
        var platform = Platform();
        var camera = Camera();
        var query = SipTransaction.Derive(camera.Id.Value + "/alarm-query", city, 30);
        var response = SipTransaction.Derive(camera.Id.Value + "/alarm-query-response", platform, 31);
        const int sn = 538_211;
        return new WireExchange("alarm query",
        [
            new(WireDirection.Forward, Gb28181Messages.Message(city, platform, query,
                Manscdp.AlarmQuery(camera.Id, sn, Moment.AddHours(-1), Moment))),
            new(WireDirection.Back, Gb28181Messages.MessageOk(city, platform, query)),
            new(WireDirection.Back, Gb28181Messages.Message(platform, city, response,
                Manscdp.AlarmQueryResponse(camera.Id, sn, [SampleAlarm(camera: camera)]))),
            new(WireDirection.Forward, Gb28181Messages.MessageOk(platform, city, response)),
        ]);
    }

    /// <summary>A service-flow event (not GB/T 28181; see <see cref="ServiceFlowHttp"/>): POST → 204.</summary>
    public static WireExchange ServiceFlow(ServiceFlowStep step = ServiceFlowStep.TakeNumber)
    {
        var point = Point();
        var at = new DateTimeOffset(Moment, TimeSpan.FromHours(8));
        var e = new ServiceFlowEvent(point.Id, "A0137", step, "03", at, 204_518);
        return new WireExchange("service flow",
        [
            new(WireDirection.Forward, ServiceFlowHttp.Post(e, point.Host)),
            new(WireDirection.Back, HttpReplies.NoContent(at)),
        ]);
    }

    /// <summary>A petition about the representative point reaches the supervision system (see <see cref="SupervisionHttp"/>):
    /// POST → 201. The id has the width of a load run's clue ids; two persons are named, the median of a clue.</summary>
    public static WireExchange ClueIntake()
    {
        var at = new DateTimeOffset(Moment, TimeSpan.FromHours(8));
        var clue = new ClueFiling("op-5f3a9c21-000137", Point().Id, "petition", ["窗口工作人员", "科室负责人"], at);
        return new WireExchange("clue intake",
        [
            new(WireDirection.Forward, SupervisionHttp.Post(clue)),
            new(WireDirection.Back, SupervisionHttp.Created(clue.Id, at)),
        ]);
    }

    /// <summary>The clue goes on the clue list with a responsible person and a 30-day deadline: PUT → 204.</summary>
    public static WireExchange ClueListing()
    {
        var at = new DateTimeOffset(Moment, TimeSpan.FromHours(8));
        return new WireExchange("clue listing",
        [
            new(WireDirection.Forward, SupervisionHttp.PutListing("op-5f3a9c21-000137", "第一纪检监察室", at, at.AddDays(30))),
            new(WireDirection.Back, HttpReplies.NoContent(at)),
        ]);
    }

    /// <summary>A citizen's request opened at a co-handling post of the representative point, with the standard steps
    /// (see <see cref="SupervisionHttp"/>): POST → 201.</summary>
    public static WireExchange CoHandling()
    {
        var at = new DateTimeOffset(Moment, TimeSpan.FromHours(8));
        const string id = "op-5f3a9c21-r000137";
        var steps = Supervision.CoHandlingPractice.StandardSteps.Select(s => (s.Department, s.Limit)).ToList();
        return new WireExchange("co-handling",
        [
            new(WireDirection.Forward, SupervisionHttp.PostCoHandling(id, "320302/0012/post-03", "co-handler of 320302/0012/post-03", steps, at)),
            new(WireDirection.Back, SupervisionHttp.CreatedAt($"/api/v1/co-handling/requests/{id}", at)),
        ]);
    }

    /// <summary>The catalog entry of the representative camera, as its platform reports it upwards.</summary>
    public static CatalogEntry CatalogEntry()
    {
        var camera = Camera();
        var point = Point();
        return new CatalogEntry(
            camera.Id,
            "鼓楼区政务服务中心综合窗口03",
            "Hikvision",
            "DS-2CD3T47WDV3-L",
            "徐州市鼓楼区行政审批局",
            "江苏省徐州市鼓楼区中山北路255号",
            point.Id,
            camera.Host,
            SipEndpoint.DefaultPort,
            true,
            117.184811,
            34.261792);
    }
}
