namespace Sim.AccessLogs;

/// <summary>The access-log formats <c>sim calibrate</c> (<c>AccessLogCalibration</c>) and trace replay (<see cref="ArrivalTrace"/>) read.</summary>
public enum AccessLogFormat
{
    /// <summary>Decided from the first non-empty line: <see cref="Stack"/> when it has the 18 tab-separated fields, else <see cref="Combined"/>.</summary>
    Auto,

    /// <summary>
    /// The reference stack's <c>log_format stack</c> (docs/reference-stack.md): 18 tab-separated fields with <c>$msec</c>,
    /// <c>$request_time</c>, the upstream connect/header/response times, <c>X-Cache</c>, <c>X-App-Ms</c> and <c>$gzip_ratio</c>.
    /// </summary>
    Stack,

    /// <summary>
    /// nginx's default <c>combined</c> format: <c>$remote_addr - $remote_user [$time_local] "$request" $status
    /// $body_bytes_sent "$http_referer" "$http_user_agent"</c>. It has no durations, only a timestamp to the second.
    /// </summary>
    Combined,
}
