using System.Security.Cryptography;
using System.Text;

namespace ScaleFL.Runtime.Security;

/// <summary>
/// Whether a device obeys an order (a <see cref="Devices.ClientDeviceProtocol.TrainStage"/> or
/// <see cref="Devices.ClientDeviceProtocol.CancelTraining"/>). The server writes the session of the
/// device's registration (<see cref="DeviceAuthorization"/>) into every order; Akka.Remote does not
/// check sender paths, so on a node with remoting any peer could otherwise make the device train
/// for it (and answer it with an update computed from the device's data) or cancel its work.
/// </summary>
public static class ServerTaskCheck
{
    /// <summary>
    /// True when the order comes from the device's server: its <paramref name="orderSession"/>
    /// equals <paramref name="deviceSession"/> (constant time). A device without a session obeys
    /// only where no other node can reach it (<paramref name="remoting"/> false: the one-process
    /// simulation, where the server hands out no sessions).
    /// </summary>
    public static bool FromServer(string deviceSession, string orderSession, bool remoting)
    {
        ArgumentNullException.ThrowIfNull(deviceSession);
        ArgumentNullException.ThrowIfNull(orderSession);
        if (deviceSession.Length == 0)
        {
            return !remoting && orderSession.Length == 0;
        }

        return CryptographicOperations.FixedTimeEquals(Encoding.UTF8.GetBytes(deviceSession), Encoding.UTF8.GetBytes(orderSession));
    }
}
