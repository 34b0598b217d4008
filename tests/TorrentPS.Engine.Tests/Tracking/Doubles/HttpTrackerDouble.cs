using System.Collections.Concurrent;
using System.Net;
using System.Net.Sockets;
using System.Text;

namespace TorrentPS.Engine.Tests.Tracking.Doubles;

/// <summary>A request the HTTP double received: the request target and headers, as sent on the wire.</summary>
public sealed record HttpDoubleRequest(string Method, string Target, IReadOnlyDictionary<string, string> Headers)
{
    public string Path => Target.Split('?')[0];

    public string Query => Target.Contains('?') ? Target[(Target.IndexOf('?') + 1)..] : string.Empty;

    /// <summary>Raw (still percent-encoded) values of a query parameter, in order.</summary>
    public IReadOnlyList<string> RawValues(string name)
        => Query.Split('&', StringSplitOptions.RemoveEmptyEntries)
            .Select(pair => pair.Split('=', 2))
            .Where(pair => pair[0] == name)
            .Select(pair => pair.Length > 1 ? pair[1] : string.Empty)
            .ToList();

    public string? RawValue(string name) => RawValues(name).SingleOrDefault();

    /// <summary>A parameter's bytes after percent-decoding, byte by byte (as a tracker must decode info_hash).</summary>
    public byte[] Bytes(string name) => PercentDecode(RawValue(name) ?? throw new KeyNotFoundException(name));

    public static byte[] PercentDecode(string raw)
    {
        var bytes = new List<byte>();
        for (int i = 0; i < raw.Length; i++)
        {
            if (raw[i] == '%')
            {
                bytes.Add(Convert.ToByte(raw.Substring(i + 1, 2), 16));
                i += 2;
            }
            else
            {
                bytes.Add((byte)raw[i]);
            }
        }

        return bytes.ToArray();
    }
}

/// <summary>
/// A minimal HTTP/1.1 server on 127.0.0.1 that hands each request to a handler writing raw bytes, so a test
/// controls everything: status, headers, truncation, silence, huge bodies, redirects, compression.
/// </summary>
public sealed class HttpTrackerDouble : IDisposable
{
    private readonly TcpListener _listener = new(IPAddress.Loopback, 0);
    private readonly Func<HttpDoubleRequest, Stream, CancellationToken, Task> _handler;
    private readonly CancellationTokenSource _stop = new();
    private readonly ConcurrentQueue<HttpDoubleRequest> _requests = new();
    private readonly ConcurrentBag<TcpClient> _connections = new();
    private readonly Task _acceptLoop;

    public HttpTrackerDouble(Func<HttpDoubleRequest, Stream, CancellationToken, Task> handler)
    {
        _handler = handler;
        _listener.Start();
        _acceptLoop = AcceptLoopAsync();
    }

    /// <summary>A double that answers every request with 200 and this body.</summary>
    public static HttpTrackerDouble Answering(byte[] body) => new((_, stream, ct) => WriteResponseAsync(stream, 200, "OK", body, ct));

    public int Port => ((IPEndPoint)_listener.LocalEndpoint).Port;

    public string BaseUrl => $"http://127.0.0.1:{Port}";

    public string AnnounceUrl => BaseUrl + "/announce";

    public IReadOnlyList<HttpDoubleRequest> Requests => _requests.ToArray();

    public static async Task WriteResponseAsync(Stream stream, int status, string reason, byte[] body, CancellationToken ct, params (string Name, string Value)[] headers)
    {
        var head = new StringBuilder();
        head.Append($"HTTP/1.1 {status} {reason}\r\n");
        head.Append($"Content-Length: {body.Length}\r\n");
        foreach (var (name, value) in headers)
        {
            head.Append($"{name}: {value}\r\n");
        }

        head.Append("Connection: close\r\n\r\n");
        await stream.WriteAsync(Encoding.ASCII.GetBytes(head.ToString()), ct);
        await stream.WriteAsync(body, ct);
        await stream.FlushAsync(ct);
    }

    /// <summary>Drops the connection with a TCP reset (linger 0), as an overloaded server may.</summary>
    public static Task ResetAsync(Stream stream)
    {
        Socket socket = ((NetworkStream)stream).Socket;
        socket.LingerState = new LingerOption(true, 0);
        socket.Close();
        return Task.CompletedTask;
    }

    public void Dispose()
    {
        _stop.Cancel();
        _listener.Stop();
        foreach (TcpClient connection in _connections)
        {
            connection.Dispose();
        }

        try
        {
            _acceptLoop.Wait(TimeSpan.FromSeconds(5));
        }
        catch (AggregateException)
        {
        }

        _stop.Dispose();
    }

    private async Task AcceptLoopAsync()
    {
        while (!_stop.IsCancellationRequested)
        {
            TcpClient client;
            try
            {
                client = await _listener.AcceptTcpClientAsync(_stop.Token);
            }
            catch (Exception) when (_stop.IsCancellationRequested)
            {
                return;
            }
            catch (SocketException)
            {
                return;
            }

            _connections.Add(client);
            _ = ServeAsync(client);
        }
    }

    private async Task ServeAsync(TcpClient client)
    {
        try
        {
            using (client)
            {
                NetworkStream stream = client.GetStream();
                HttpDoubleRequest? request = await ReadRequestAsync(stream, _stop.Token);
                if (request is null)
                {
                    return;
                }

                _requests.Enqueue(request);
                await _handler(request, stream, _stop.Token);
            }
        }
        catch (Exception e) when (e is IOException or SocketException or OperationCanceledException or ObjectDisposedException)
        {
            // The client hung up (a test of limits or timeouts) or the double is shutting down.
        }
    }

    private static async Task<HttpDoubleRequest?> ReadRequestAsync(NetworkStream stream, CancellationToken ct)
    {
        var head = new List<byte>();
        var one = new byte[1];
        while (!EndsWithBlankLine(head))
        {
            if (await stream.ReadAsync(one, ct) == 0)
            {
                return null;
            }

            head.Add(one[0]);
            if (head.Count > 64 * 1024)
            {
                return null;
            }
        }

        string[] lines = Encoding.ASCII.GetString(head.ToArray()).Split("\r\n", StringSplitOptions.RemoveEmptyEntries);
        string[] requestLine = lines[0].Split(' ');
        var headers = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase);
        foreach (string line in lines.Skip(1))
        {
            int colon = line.IndexOf(':');
            headers[line[..colon].Trim()] = line[(colon + 1)..].Trim();
        }

        return new HttpDoubleRequest(requestLine[0], requestLine[1], headers);
    }

    private static bool EndsWithBlankLine(List<byte> head)
        => head.Count >= 4 && head[^4] == '\r' && head[^3] == '\n' && head[^2] == '\r' && head[^1] == '\n';
}
