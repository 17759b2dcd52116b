namespace MonitorSim.Sip.Devices;

/// <summary>Which request of a camera a client transaction carries.</summary>
public enum DeviceOp : byte
{
    /// <summary>The first REGISTER of a measured registration (expects 401).</summary>
    Register,
    /// <summary>The REGISTER answering the challenge.</summary>
    RegisterAuth,
    /// <summary>A refresh the camera starts by itself before its registration expires (not measured).</summary>
    Refresh,
    RefreshAuth,
    Keepalive,
    Alarm,
    /// <summary>A page of the camera's answer to a catalog query.</summary>
    CatalogPage,
    /// <summary>The camera's answer to a device-information query.</summary>
    DeviceInfo,
}
