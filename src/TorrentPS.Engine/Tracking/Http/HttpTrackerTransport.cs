using System;
using System.Globalization;
using System.IO;
using System.IO.Compression;
using System.Net;
using System.Net.Http;
using System.Net.Http.Headers;
using System.Net.Sockets;
using System.Threading;
using System.Threading.Tasks;

namespace TorrentPS.Tracking.Http
{
    /// <summary>
    /// GETs a tracker URL and returns the body: redirects followed up to a limit, gzip/deflate decoded, the body
    /// read up to a size cap, the whole request bounded in time. Every failure is a <see cref="TrackerException"/>.
    /// </summary>
    internal sealed class HttpTrackerTransport : IDisposable
    {
        private readonly HttpClient _client;
        private readonly TrackerSettings _settings;

        public HttpTrackerTransport(TrackerSettings settings)
        {
            _settings = settings;
            var handler = new HttpClientHandler
            {
                // Redirects and decompression are done here so both can be bounded and reported clearly.
                AllowAutoRedirect = false,
                AutomaticDecompression = DecompressionMethods.None,
                UseCookies = false,
            };
            _client = new HttpClient(handler) { Timeout = Timeout.InfiniteTimeSpan };
        }

        /// <param name="tracker">The announce URL, named in errors.</param>
        /// <param name="url">The URL to GET (the announce or scrape URL with its query).</param>
        public async Task<byte[]> GetAsync(string tracker, string url, CancellationToken cancellationToken)
        {
            using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
            timeout.CancelAfter(_settings.HttpTimeout);
            try
            {
                return await GetFollowingRedirectsAsync(tracker, url, timeout.Token).ConfigureAwait(false);
            }
            catch (OperationCanceledException e) when (!cancellationToken.IsCancellationRequested)
            {
                throw new TrackerException(tracker, $"no answer within {_settings.HttpTimeout.TotalSeconds.ToString("0.###", CultureInfo.InvariantCulture)} s.", TrackerFailureKind.Timeout, e);
            }
            catch (HttpRequestException e)
            {
                throw new TrackerException(tracker, $"the HTTP request failed: {Describe(e)}", TrackerFailureKind.Connection, e);
            }
            catch (IOException e)
            {
                throw new TrackerException(tracker, $"the connection broke while reading the answer: {Describe(e)}", TrackerFailureKind.Connection, e);
            }
            catch (InvalidDataException e)
            {
                throw new TrackerException(tracker, $"the compressed answer is corrupt: {e.Message}", TrackerFailureKind.Protocol, e);
            }
        }

        public void Dispose() => _client.Dispose();

        private async Task<byte[]> GetFollowingRedirectsAsync(string tracker, string url, CancellationToken cancellationToken)
        {
            Uri current = ParseHttpUri(tracker, url, null);
            for (int redirects = 0; ; redirects++)
            {
                using HttpResponseMessage response = await SendAsync(current, cancellationToken).ConfigureAwait(false);
                int status = (int)response.StatusCode;
                if (status >= 300 && status < 400 && response.Headers.Location is not null)
                {
                    if (redirects >= _settings.MaxRedirects)
                    {
                        throw new TrackerException(tracker, $"more than {_settings.MaxRedirects} redirects (the last to {response.Headers.Location}).", TrackerFailureKind.Protocol);
                    }

                    current = ParseHttpUri(tracker, response.Headers.Location.OriginalString, current);
                    continue;
                }

                byte[] body;

                // Not every platform's response stream honours the token, so a stalled body is ended by disposing the response.
                using (cancellationToken.Register(response.Dispose))
                {
                    try
                    {
                        body = await ReadBodyAsync(tracker, response.Content, cancellationToken).ConfigureAwait(false);
                    }
                    catch (ObjectDisposedException) when (cancellationToken.IsCancellationRequested)
                    {
                        throw new OperationCanceledException(cancellationToken);
                    }
                    catch (IOException) when (cancellationToken.IsCancellationRequested)
                    {
                        throw new OperationCanceledException(cancellationToken);
                    }
                }

                if (status != 200)
                {
                    string preview = body.Length == 0 ? string.Empty : $": \"{HttpTrackerResponseParser.Preview(body)}\"";
                    throw new TrackerException(tracker, $"HTTP {status} {response.ReasonPhrase}{preview}", TrackerFailureKind.Protocol);
                }

                return body;
            }
        }

        // A connection reset before any answer is retried once on a fresh connection: busy trackers (opentracker on
        // a loaded machine, for one) sometimes drop a connection they have not read yet, and asking again is harmless.
        private async Task<HttpResponseMessage> SendAsync(Uri uri, CancellationToken cancellationToken)
        {
            for (int attempt = 0; ; attempt++)
            {
                using var request = new HttpRequestMessage(HttpMethod.Get, uri);
                request.Headers.TryAddWithoutValidation("User-Agent", _settings.UserAgent);
                request.Headers.AcceptEncoding.Add(new StringWithQualityHeaderValue("gzip"));
                request.Headers.AcceptEncoding.Add(new StringWithQualityHeaderValue("deflate"));
                request.Headers.ConnectionClose = true;
                try
                {
                    return await _client.SendAsync(request, HttpCompletionOption.ResponseHeadersRead, cancellationToken).ConfigureAwait(false);
                }
                catch (HttpRequestException e) when (attempt == 0 && IsConnectionReset(e))
                {
                }
            }
        }

        private static bool IsConnectionReset(Exception e)
        {
            for (Exception? inner = e; inner is not null; inner = inner.InnerException)
            {
                if (inner is SocketException socket && socket.SocketErrorCode == SocketError.ConnectionReset)
                {
                    return true;
                }
            }

            return false;
        }

        private async Task<byte[]> ReadBodyAsync(string tracker, HttpContent content, CancellationToken cancellationToken)
        {
            long? declared = content.Headers.ContentLength;
            if (declared > _settings.MaxResponseBytes)
            {
                throw new TrackerException(tracker, $"the answer is {declared} bytes, more than the limit of {_settings.MaxResponseBytes} bytes.", TrackerFailureKind.Protocol);
            }

            using Stream raw = await content.ReadAsStreamAsync().ConfigureAwait(false);
            byte[] encoded = await BoundedStreamReader.ReadAsync(raw, _settings.MaxResponseBytes, tracker, cancellationToken).ConfigureAwait(false);

            string? encoding = null;
            foreach (string value in content.Headers.ContentEncoding)
            {
                encoding = value.Trim().ToLowerInvariant();
            }

            if (encoding is null || encoding == "identity")
            {
                return encoded;
            }

            using Stream decoder = encoding switch
            {
                "gzip" or "x-gzip" => new GZipStream(new MemoryStream(encoded, writable: false), CompressionMode.Decompress),
                "deflate" => OpenDeflate(encoded),
                _ => throw new TrackerException(tracker, $"the answer uses the unsupported content encoding \"{encoding}\".", TrackerFailureKind.Protocol),
            };
            return await BoundedStreamReader.ReadAsync(decoder, _settings.MaxResponseBytes, tracker, cancellationToken).ConfigureAwait(false);
        }

        // HTTP "deflate" is meant to be zlib-wrapped (RFC 1950), but some servers send raw deflate; accept both.
        private static DeflateStream OpenDeflate(byte[] encoded)
        {
            bool zlibHeader = encoded.Length >= 2 && (encoded[0] & 0x0F) == 8 && ((encoded[0] << 8) | encoded[1]) % 31 == 0;
            int skip = zlibHeader ? 2 : 0;
            return new DeflateStream(new MemoryStream(encoded, skip, encoded.Length - skip, writable: false), CompressionMode.Decompress);
        }

        private static Uri ParseHttpUri(string tracker, string url, Uri? baseUri)
        {
            bool ok = baseUri is null ? Uri.TryCreate(url, UriKind.Absolute, out Uri? uri) : Uri.TryCreate(baseUri, url, out uri);
            if (!ok || uri is null || (uri.Scheme != Uri.UriSchemeHttp && uri.Scheme != Uri.UriSchemeHttps))
            {
                // Our own URL is the caller's mistake; a redirect somewhere odd is the tracker's.
                throw baseUri is null
                    ? new TrackerException(tracker, $"\"{url}\" is not an http or https URL.", TrackerFailureKind.InvalidUrl)
                    : new TrackerException(tracker, $"it redirected to \"{url}\", which is not an http or https URL.", TrackerFailureKind.Protocol);
            }

            return uri;
        }

        private static string Describe(Exception e)
            => e.InnerException is null ? e.Message : $"{e.Message} ({e.InnerException.Message})";
    }
}
