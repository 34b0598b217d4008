using System;
using System.Collections.Generic;
using System.Globalization;
using System.Linq;
using TorrentPS.Bencode;

namespace TorrentPS.Peers
{
    /// <summary>
    /// The BEP 10 extension handshake: extended message 0, a bencoded dictionary sent right after the BitTorrent
    /// handshake by each side that set the extension-protocol bit. It names the extension messages the sender
    /// takes (m: name to the id it wants them under), and says a little about the sender: its listen port (p),
    /// client (v) and how many outstanding requests it accepts (reqq; libtorrent sizes its request pipeline to
    /// it, and keeps 500 when it is absent). Keys we do not know, and known keys of the wrong type, are ignored.
    /// </summary>
    public sealed class ExtensionHandshake
    {
        /// <summary>The extended message id of the handshake itself.</summary>
        public const byte MessageId = 0;

        private static readonly IReadOnlyDictionary<string, byte> NoMessages = new Dictionary<string, byte>(StringComparer.Ordinal);

        // The names a handshake turned off (m entries of 0): only an update (a second handshake) has any.
        private readonly IReadOnlyCollection<string> _disabled;

        public ExtensionHandshake(IReadOnlyDictionary<string, byte>? messages = null, int? listenPort = null, string? client = null, int? maxRequests = null)
            : this(messages, listenPort, client, maxRequests, Array.Empty<string>())
        {
        }

        private ExtensionHandshake(IReadOnlyDictionary<string, byte>? messages, int? listenPort, string? client, int? maxRequests, IReadOnlyCollection<string> disabled)
        {
            if (messages is not null && messages.Any(m => m.Value == 0))
            {
                throw new ArgumentException("Extended message ids run from 1 to 255 (0 is the handshake, or 'disabled' in an update).", nameof(messages));
            }

            if (listenPort is int port && (port < 1 || port > ushort.MaxValue))
            {
                throw new ArgumentOutOfRangeException(nameof(listenPort), port, "A listen port is 1 to 65535.");
            }

            if (maxRequests is int requests && requests < 1)
            {
                throw new ArgumentOutOfRangeException(nameof(maxRequests), requests, "A peer accepts at least one request.");
            }

            Messages = messages is null || messages.Count == 0 ? NoMessages : messages.ToDictionary(m => m.Key, m => m.Value, StringComparer.Ordinal);
            ListenPort = listenPort;
            Client = client;
            MaxRequests = maxRequests;
            _disabled = disabled;
        }

        /// <summary>The extension messages the sender understands, by name, with the id to send each one under (m).</summary>
        public IReadOnlyDictionary<string, byte> Messages { get; }

        /// <summary>The sender's TCP listen port (p), when it said.</summary>
        public int? ListenPort { get; }

        /// <summary>The sender's client name and version (v), when it said.</summary>
        public string? Client { get; }

        /// <summary>How many outstanding requests the sender accepts without dropping any (reqq), when it said.</summary>
        public int? MaxRequests { get; }

        /// <summary>The bencoded dictionary, keys in canonical order; what goes after the extended message's id byte.</summary>
        public byte[] Encode()
        {
            var entries = new List<KeyValuePair<string, BValue>>
            {
                new KeyValuePair<string, BValue>("m", new BDictionary(Messages.Select(m => new KeyValuePair<string, BValue>(m.Key, new BInteger(m.Value))))),
            };

            if (ListenPort is int port)
            {
                entries.Add(new KeyValuePair<string, BValue>("p", new BInteger(port)));
            }

            if (MaxRequests is int requests)
            {
                entries.Add(new KeyValuePair<string, BValue>("reqq", new BInteger(requests)));
            }

            if (Client is string client)
            {
                entries.Add(new KeyValuePair<string, BValue>("v", new BString(client)));
            }

            return new BDictionary(entries).Encode();
        }

        /// <summary>
        /// Reads a handshake's dictionary (the payload after the id byte). Throws <see cref="PeerProtocolException"/>
        /// when it is not a bencoded dictionary; what is inside is taken as far as it makes sense.
        /// </summary>
        public static ExtensionHandshake Parse(ReadOnlyMemory<byte> payload)
        {
            BDictionary root;
            try
            {
                root = BencodeDecoder.DecodeDictionary(payload);
            }
            catch (BencodeException ex)
            {
                throw new PeerProtocolException(PeerProtocolError.BadExtensionHandshake, $"The extension handshake is not a bencoded dictionary: {ex.Message}", ex);
            }

            var messages = new Dictionary<string, byte>(StringComparer.Ordinal);
            var disabled = new HashSet<string>(StringComparer.Ordinal);
            if (root.TryGetValue("m", out BValue? m) && m is BDictionary names)
            {
                foreach (KeyValuePair<BString, BValue> entry in names)
                {
                    if (!entry.Key.TryGetText(out string name) || entry.Value is not BInteger id || id.Value < 0 || id.Value > byte.MaxValue)
                    {
                        continue;
                    }

                    if (id.Value == 0)
                    {
                        disabled.Add(name);
                    }
                    else
                    {
                        messages[name] = (byte)id.Value;
                    }
                }
            }

            return new ExtensionHandshake(
                messages,
                Integer(root, "p") is long port && port >= 1 && port <= ushort.MaxValue ? (int)port : null,
                root.TryGetValue("v", out BValue? v) && v is BString client ? client.Text : null,
                Integer(root, "reqq") is long requests && requests >= 1 ? (int)Math.Min(requests, int.MaxValue) : null,
                disabled);
        }

        /// <summary>
        /// This handshake with a later one from the same peer applied: BEP 10 lets a peer send the handshake again,
        /// and its m then lists only changes (an id of 0 turns a message off); the other fields it sends replace ours.
        /// </summary>
        public ExtensionHandshake Update(ExtensionHandshake later)
        {
            if (later is null)
            {
                throw new ArgumentNullException(nameof(later));
            }

            var messages = Messages.ToDictionary(m => m.Key, m => m.Value, StringComparer.Ordinal);
            foreach (string name in later._disabled)
            {
                messages.Remove(name);
            }

            foreach (KeyValuePair<string, byte> message in later.Messages)
            {
                messages[message.Key] = message.Value;
            }

            return new ExtensionHandshake(messages, later.ListenPort ?? ListenPort, later.Client ?? Client, later.MaxRequests ?? MaxRequests);
        }

        public override string ToString()
        {
            var parts = new List<string> { "m: {" + string.Join(", ", Messages.OrderBy(m => m.Key, StringComparer.Ordinal).Select(m => $"{m.Key}: {m.Value}")) + "}" };
            if (ListenPort is int port)
            {
                parts.Add("p: " + port.ToString(CultureInfo.InvariantCulture));
            }

            if (MaxRequests is int requests)
            {
                parts.Add("reqq: " + requests.ToString(CultureInfo.InvariantCulture));
            }

            if (Client is string client)
            {
                parts.Add("v: " + client);
            }

            return string.Join(", ", parts);
        }

        private static long? Integer(BDictionary root, string key) => root.TryGetValue(key, out BValue? value) && value is BInteger integer ? integer.Value : null;
    }
}
