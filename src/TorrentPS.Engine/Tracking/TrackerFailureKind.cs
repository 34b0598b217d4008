namespace TorrentPS
{
    /// <summary>
    /// Why a tracker gave no usable answer, coarsely: what a host needs to pick an error category. Set by the code
    /// that throws the <see cref="TrackerException"/>, which knows; never guessed from the message.
    /// </summary>
    public enum TrackerFailureKind
    {
        /// <summary>The tracker answered something unusable: an HTTP error, bad bencode, a malformed packet.</summary>
        Protocol = 0,

        /// <summary>The tracker could not be reached: refused connection, unknown host, broken connection.</summary>
        Connection = 1,

        /// <summary>No answer came in time.</summary>
        Timeout = 2,

        /// <summary>The tracker answered with a refusal ("failure reason", or a UDP error packet).</summary>
        Refused = 3,

        /// <summary>The tracker's URL cannot be used: not an http://, https:// or udp:// URL, or a udp:// URL without a port.</summary>
        InvalidUrl = 4,
    }
}
