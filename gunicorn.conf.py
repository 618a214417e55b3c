"""gunicorn reads this file from the working directory (the repository root).

The access log leaves out the query string (%(U)s is the path alone: the
triage list's search terms travel in it), the client address, the referrer
(another page's query string) and the user agent: no log line may carry
residents' text, contact details, receipt codes, addresses or search terms.
"""

accesslog = "-"
access_log_format = '%(t)s "%(m)s %(U)s %(H)s" %(s)s %(B)s %(M)sms'
