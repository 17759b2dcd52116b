using Akka.TestKit.Xunit2;
using MonitorSim.Cluster.Actors;
using MonitorSim.Cluster.Protocol;

namespace MonitorSim.Cluster.Tests;

/// <summary>
/// A platform registers with its city once per refusal of its session — not once per message the city refused. After a
/// city restart every keepalive and report the platform had in flight comes back refused; each registration makes the
/// city pull the whole catalog, so one per refusal multiplies the catalog traffic of the re-registration storm and counts
/// pages twice.
/// </summary>
public sealed class CityUplinkRegistrationTests : TestKit
{
    private static readonly RollUp NoAlarms = new(10, 0, 0);

    [Fact]
    public void Refusals_of_messages_sent_before_the_registration_do_not_register_the_platform_again()
    {
        var city = CreateTestProbe();
        var uplink = new CityUplink(platform: 4, firstCamera: 40, cityCascades: false) { City = city };

        // The restarted city refuses a report that was in flight: the platform registers.
        uplink.Refused(10, NoAlarms, TestActor);
        city.ExpectMsg<PlatformRegister>(r => Assert.Equal(4, r.Platform));

        // The keepalive and the report resend sent before that registration come back refused too: no new registration.
        uplink.Refused(10, NoAlarms, TestActor);
        uplink.Refused(10, NoAlarms, TestActor);
        city.ExpectNoMsg(TimeSpan.FromMilliseconds(100));
        Assert.True(uplink.IsOpen);
    }

    [Fact]
    public void Once_the_city_has_pulled_the_catalog_a_refusal_registers_the_platform_again()
    {
        var city = CreateTestProbe();
        var uplink = new CityUplink(platform: 4, firstCamera: 40, cityCascades: false) { City = city };
        uplink.Register(10, NoAlarms, TestActor);
        city.ExpectMsg<PlatformRegister>();

        uplink.CatalogSent(NoAlarms, TestActor); // the city answered the registration with its catalog query
        uplink.Refused(10, NoAlarms, TestActor); // and later restarted again

        city.ExpectMsg<PlatformRegister>();
    }

    [Fact]
    public void A_registration_the_city_never_answered_is_not_waited_for_past_the_answer_timeout()
    {
        var city = CreateTestProbe();
        var uplink = new CityUplink(4, 40, false, registrationAnswerTimeout: TimeSpan.FromMilliseconds(200)) { City = city };
        uplink.Register(10, NoAlarms, TestActor);
        city.ExpectMsg<PlatformRegister>(); // lost: the city went down again before it read it

        Thread.Sleep(300);
        uplink.Refused(10, NoAlarms, TestActor); // the next keepalive is refused by the city that came back

        city.ExpectMsg<PlatformRegister>();
    }
}
