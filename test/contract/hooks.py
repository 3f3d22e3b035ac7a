"""Generation hooks of the contract suite (test/contract).

Each hook below moves drawn data inside a rule the document states in words because OpenAPI
3.0 cannot state it (a time relative to now, a record that must exist, one field's rule that
depends on another's value or on the stored record). They touch only values that are valid by
the schema, so schema-invalid (negative) cases stay invalid, and every check stays on.

Besides, a test run sends nothing off this machine: the server posts status callbacks to
`callbackUrl` (`callback_url` in the Disposition Gateway's tasks), webhook messages to
`webhookUrl` and Web Push messages to a subscription's
`endpoint`, and hands `twimlUrl` to the voice provider, so every http(s) URL drawn for those is
moved to a host under `.invalid` (RFC 6761), which never resolves. A URL on a private or
loopback address is refused (`invalid_url`), a rule no schema can state, so this also keeps
drawn URLs within it.
"""

import base64
import binascii
import itertools
import os
import re
from datetime import datetime, timedelta, timezone
from urllib.parse import urlsplit, urlunsplit
from xml.etree import ElementTree

import schemathesis
from schemathesis.core.parameters import ParameterLocation

OUTBOUND_FIELDS = ("callbackUrl", "webhookUrl", "twimlUrl", "twiml_url", "callback_url")
NOWHERE = "contract.invalid"
HEADER_NAME = re.compile(r"^[!-9;-~]+$")
# The dialects' send routes (issue 14): the comms API's envelope, and the Disposition
# Gateway's tasks, keyed by an entity in the path (SMS) or the body (email).
NDC_SEND_ROUTE = re.compile(r"^/v1/messages/(email|sms)$")
DGAPI_TASK_ROUTES = ("/sms/{entity}", "/email")
ENTITY = re.compile(r"^[A-Za-z0-9._:-]{1,128}$")
CASES = itertools.count()
# Records of the run's fixtures (test/contract/fixtures.ts), named in bodies.
TEMPLATE_NAME = os.environ.get("CONTRACT_TEMPLATE_NAME", "")
APP_ID = os.environ.get("CONTRACT_APP_ID", "")
# `key` or `admin`: the run's credential.
CALLER = os.environ.get("CONTRACT_CALLER", "key")
ENGAGEMENT_DAYS = 92
MAX_RECIPIENTS = 50
CHANNELS = ("email", "sms", "whatsapp", "voice", "webhook", "inapp", "push")
EMBEDDED_PROVIDERS = {"webhook": "webhook", "inapp": "inbox"}
PHONE_FIELDS = ("to", "from", "phone")
WRITTEN_NUMBER = re.compile(r"^(whatsapp:)?\+[0-9 ().-]{6,32}$")
PLACEHOLDER_NAME = re.compile(r"^[A-Za-z0-9_]{1,64}$")
SEND_ROUTE = re.compile(r"^/api/v1/(messages/[a-z]+|broadcasts)$")
# What a broadcast needs for each channel it names (the document's allOf says so, but a
# drawn body rarely meets it, and null is absent, which a schema of Open API 3.0 cannot say
# inside allOf without defeating generation): the address field and a value for it.
BROADCAST_ADDRESSES = {
    "email": ("email", "user@example.com"),
    "sms": ("phone", "+14155550100"),
    "whatsapp": ("phone", "+14155550100"),
    "voice": ("phone", "+14155550100"),
    "webhook": ("webhookUrl", "https://contract.invalid/hooks"),
    "inapp": ("userId", "user-8271"),
    "push": ("pushToken", "fcm-registration-token-0001"),
}
# The dialect routes (issue 14) hand their fields to the same channel rules under other names.
COMMS_EMAIL = "/api/v1/comms/email/send"
COMMS_PHONE_ROUTES = ("/api/v1/comms/sms/send", "/api/v1/comms/call/make")
FLUXKIT_EMAIL_ROUTES = ("/messaging/email", "/messaging/email/template")
FLUXKIT_PHONE_ROUTES = ("/messaging/sms", "/messaging/whatsapp")
COMMUNICATIONS = "/api/v1/communications/send"
DIALECT_SENDS = (
    COMMS_EMAIL,
    *COMMS_PHONE_ROUTES,
    *FLUXKIT_EMAIL_ROUTES,
    *FLUXKIT_PHONE_ROUTES,
    COMMUNICATIONS,
)
# The multi-channel send's address field for each channel it names, and a value for it.
COMMUNICATION_ADDRESSES = {
    "Email": ("emailAddress", "user@example.com"),
    "Sms": ("phoneNumber", "+14155550100"),
    "InApp": ("userId", "user-8271"),
    "Push": ("pushToken", "fcm-registration-token-0001-contract"),
    "Webhook": ("webhookUrl", "https://contract.invalid/hooks"),
}


def _nowhere(url):
    try:
        parts = urlsplit(url)
    except ValueError:
        # Drawn from the pattern (a scheme, then any non-space), but no URL the server can parse
        # (a bracketed host that is no IPv6 address): the pattern cannot state URL syntax.
        return _padded(f"https://{NOWHERE}/", url)
    if parts.scheme.lower() not in ("http", "https"):
        return url
    # Without credentials, which outbound URLs may not carry.
    moved = urlunsplit((parts.scheme, NOWHERE, parts.path, parts.query, parts.fragment))
    return _padded(moved, url)


def _padded(moved, url):
    """As long as drawn, so that a URL drawn too long stays too long."""
    return moved + "x" * (len(url) - len(moved))


def _outbound(body):
    for field in OUTBOUND_FIELDS:
        if isinstance(body.get(field), str):
            body[field] = _nowhere(body[field])
    media = body.get("media")
    if isinstance(media, dict) and isinstance(media.get("url"), str):
        media["url"] = _nowhere(media["url"])
    subscription = body.get("pushSubscription")
    if isinstance(subscription, dict) and isinstance(subscription.get("endpoint"), str):
        subscription["endpoint"] = _nowhere(subscription["endpoint"])


def _instant(value):
    if not isinstance(value, str):
        return None
    try:
        when = datetime.fromisoformat(value.replace("Z", "+00:00"))
    except ValueError:
        return None
    return when if when.tzinfo else when.replace(tzinfo=timezone.utc)


def _text(when):
    """ISO 8601 in UTC, the year in four digits."""
    return when.astimezone(timezone.utc).replace(microsecond=0).isoformat().replace("+00:00", "Z")


def _future(value):
    """`scheduledAt` must be in the future: a past time is moved a day ahead of now."""
    when = _instant(value)
    if when is None:
        return value
    if when > datetime.now(timezone.utc) + timedelta(minutes=5):
        return value
    return _text(datetime.now(timezone.utc) + timedelta(days=1))


def _possible(value):
    """
    Whether digits make a number is libphonenumber's to say (country codes in use, lengths per
    country): a written number keeps its digits inside North America's plan, where every
    eleven-digit +1 number is possible.
    """
    match = WRITTEN_NUMBER.match(value)
    if not match:
        return value
    digits = re.sub(r"\D", "", value[len(match.group(1) or ""):])
    return (match.group(1) or "") + "+1" + (digits + "4155550100")[:10]


def _twiml(value):
    """Inline TwiML must be well-formed XML with one <Response> root: no pattern says that."""
    if value.isascii() and value.isprintable():
        try:
            if ElementTree.fromstring(value).tag == "Response":
                return value
        except ElementTree.ParseError:
            pass
    return "<Response><Say>Your order has shipped.</Say></Response>"


def _app(body):
    """
    An app's settings (senders, TwiML policy, strict phone numbers), which cases of the admin
    routes change, decide what its sends may carry: a send or a template names the app whose
    settings no case changes (the admin routes' cases work on another). Tokens must name the
    app of a new template, keys need not: one schema serves both callers.
    """
    if isinstance(body.get("appId"), str) and body["appId"] and APP_ID:
        body["appId"] = APP_ID
    if CALLER == "admin" and body.get("appId") is None and APP_ID:
        body["appId"] = APP_ID


def _has_text(value):
    return isinstance(value, str) and bool(value.strip())


def _count(value):
    return len(value) if isinstance(value, list) else 1


def _copies(body):
    """to, cc and bcc hold at most 50 recipients together: each list has its own maxItems."""
    room = MAX_RECIPIENTS - _count(body.get("to"))
    for field in ("cc", "bcc"):
        if isinstance(body.get(field), list):
            body[field] = body[field][: max(room, 0)]
            room -= len(body[field])
        elif isinstance(body.get(field), str):
            if room < 1:
                body.pop(field)
            room -= 1


def _unique_tags(body):
    """Tags have distinct names: `uniqueItems` compares whole items."""
    if not isinstance(body.get("tags"), list):
        return
    names = set()
    tags = []
    for tag in body["tags"]:
        name = tag.get("name") if isinstance(tag, dict) else None
        if name not in names:
            names.add(name)
            tags.append(tag)
    body["tags"] = tags


def _header_names(body):
    """
    Header names are RFC 5322 field names (printable ASCII but the colon), which the
    description says and OpenAPI 3.0 cannot state (it has no `propertyNames`).
    """
    if isinstance(body.get("headers"), dict):
        body["headers"] = {
            name: value for name, value in body["headers"].items() if HEADER_NAME.match(name)
        }


def _email(body):
    """
    Without a template, an email has a subject and html or text with something visible; with
    `unsubscribe: true` the service writes the List-Unsubscribe headers itself.
    """
    if body.get("template") is None:
        if not _has_text(body.get("subject")):
            body["subject"] = "Your receipt"
        if not _has_text(body.get("html")) and not _has_text(body.get("text")):
            body["text"] = "Thanks for your order."
    _copies(body)
    _header_names(body)
    if body.get("unsubscribe") is True and isinstance(body.get("headers"), dict):
        body["headers"] = {
            name: value
            for name, value in body["headers"].items()
            if not name.lower().startswith("list-unsubscribe")
        }


def _attachment(attachment):
    """
    Content is canonical, non-empty base64; files that run when opened are refused by their
    extension: neither is a pattern.
    """
    content = attachment.get("content")
    if isinstance(content, str):
        # Line breaks are LF or CRLF, as base64 encoders wrap; a lone CR is outside the alphabet.
        joined = re.sub(r"\r?\n", "", content)
        try:
            canonical = base64.b64encode(base64.b64decode(joined, validate=True)).decode()
        except (ValueError, binascii.Error):
            canonical = ""
        if not joined or canonical != joined:
            attachment["content"] = "T3JkZXIgMjg5MQo="
    if isinstance(attachment.get("filename"), str):
        attachment["filename"] = "receipt.txt"


def _send_body(path, body):
    if isinstance(body.get("scheduledAt"), str):
        body["scheduledAt"] = _future(body["scheduledAt"])
    # Provider ids are the deployment's settings, which no document made from the code can
    # list: a drawn one is moved to the provider the embedded default has for the channel.
    channel = path.rsplit("/", 1)[-1]
    if isinstance(body.get("provider"), str) and body["provider"] and channel in CHANNELS:
        body["provider"] = EMBEDDED_PROVIDERS.get(channel, f"sandbox-{channel}")
    if path.endswith("/email"):
        _email(body)
    if path.endswith("/email"):
        _unique_tags(body)
    if path.endswith("/email") and isinstance(body.get("attachments"), list):
        for attachment in body["attachments"]:
            if isinstance(attachment, dict):
                _attachment(attachment)
    if path.endswith("/voice") and isinstance(body.get("twiml"), str):
        body["twiml"] = _twiml(body["twiml"])
    for field in PHONE_FIELDS:
        if isinstance(body.get(field), str):
            body[field] = _possible(body[field])
    # A template named in an email must exist in the app: the run's fixture template.
    if path.endswith("/email") and isinstance(body.get("template"), str) and TEMPLATE_NAME:
        body["template"] = TEMPLATE_NAME
        # It has one version.
        if body.get("templateVersion") is not None:
            body["templateVersion"] = 1
    # Placeholder names are letters, digits and _: Open API 3.0 has no `propertyNames`.
    template = body.get("template")
    if path.endswith("/whatsapp") and isinstance(template, dict):
        if isinstance(template.get("variables"), dict):
            template["variables"] = {
                name: value
                for name, value in template["variables"].items()
                if PLACEHOLDER_NAME.match(name)
            }
    if path.endswith("/broadcasts") and isinstance(body.get("channels"), list):
        for channel in body["channels"]:
            field, value = BROADCAST_ADDRESSES.get(channel, (None, None))
            # A push subscription stands in for a push token, for the push channel only.
            subscribed = channel == "push" and body.get("pushSubscription")
            if field and body.get(field) is None and not subscribed:
                body[field] = value


def _dialect_body(path, body):
    """
    The dialects' sends are the channels' sends: an email has html (FluxKit's `body`) or text
    with something visible, a template exists, phone numbers are possible ones, and the
    multi-channel send has the address of each channel it names (each checked only then, by
    its channel, so no schema of the field can say it).
    """
    if path == COMMS_EMAIL:
        _email(body)
        _unique_tags(body)
    if path in FLUXKIT_EMAIL_ROUTES:
        _copies(body)
    if path == "/messaging/email" and not any(_has_text(body.get(f)) for f in ("body", "text")):
        body["body"] = "<p>Thanks for your order.</p>"
    if path == "/messaging/email/template" and TEMPLATE_NAME:
        body["template"] = TEMPLATE_NAME
    if path in COMMS_PHONE_ROUTES or path in FLUXKIT_PHONE_ROUTES:
        for field in ("to", "from_number"):
            if isinstance(body.get(field), str):
                body[field] = _possible(body[field])
    if path == COMMUNICATIONS and isinstance(body.get("channels"), list):
        for name in body["channels"]:
            field, value = COMMUNICATION_ADDRESSES.get(name, (None, None))
            if field:
                body[field] = value


def _template_body(method, body):
    """
    A template needs a subject and a body; a partial has no subject. On PUT the stored record's
    kind decides, and the fixture the path names is a template.
    """
    # A template is Handlebars source, whose lexer refuses a NUL character (`template_error`).
    for field in ("subject", "html", "text"):
        if isinstance(body.get(field), str):
            body[field] = body[field].replace("\x00", "")
    kind = body.get("kind") if method == "POST" else "template"
    if kind == "partial":
        body.pop("subject", None)
    elif not isinstance(body.get("subject"), str) or not body["subject"].strip():
        body["subject"] = "Your receipt"
    if not any(isinstance(body.get(f), str) and body[f].strip() for f in ("html", "text")):
        body["text"] = "Thanks for your order."


def _query(query):
    """`offset` is not taken with `cursor`; a page with `include=content` holds at most 10."""
    if query.get("cursor") is not None:
        query.pop("offset", None)
    limit = query.get("limit")
    if isinstance(limit, str) and limit.isdigit():
        limit = int(limit)
    if query.get("include") == "content" and isinstance(limit, int) and limit > 10:
        query["limit"] = 10


def _engagement_range(query):
    """`from` is before `to`, at most 92 days before."""
    start = _instant(query.get("from"))
    if start is None:
        return
    end = _instant(query.get("to")) or datetime.now(timezone.utc)
    if not start < end <= start + timedelta(days=ENGAGEMENT_DAYS):
        query["to"] = _text(start + timedelta(days=1))


def _unique_entity(value):
    """
    An entity is a task's key: a second request with it and another body is a documented 422
    (`invalid_entity`), so each case's valid entity is made its own, within 128 characters.
    """
    if not isinstance(value, str) or not ENTITY.match(value):
        return value
    return f"{next(CASES)}-{os.getpid()}-{value}"[:128]


def _rendered(subject):
    """
    A subject sent with a template is rendered with the template's data, and a variable it
    names must have a value there (`template_error`): a drawn subject keeps no `{{`.
    """
    if isinstance(subject, str) and "{{" in subject:
        return subject.replace("{{", "(")
    return subject


def _ndc_body(path, body):
    """
    The comms API's envelope: `scheduledAt` in the future, numbers possible (`_possible`); raw
    email content has a subject and a visible body and takes no template fields, template
    content names a stored template and takes no body (its document says so in words: the
    rule depends on `content.type`), and to, cc and bcc hold at most 50 together.
    """
    if isinstance(body.get("scheduledAt"), str):
        body["scheduledAt"] = _future(body["scheduledAt"])
    destination = body.get("destination")
    sender = body.get("sender")
    if path.endswith("/sms"):
        if isinstance(destination, dict) and isinstance(destination.get("to"), list):
            destination["to"] = [_possible(to) if isinstance(to, str) else to for to in destination["to"]]
        if isinstance(sender, dict) and isinstance(sender.get("fromAddress"), str):
            sender["fromAddress"] = _possible(sender["fromAddress"])
        return
    if isinstance(destination, dict):
        _copies(destination)
    content = body.get("content")
    if not isinstance(content, dict):
        return
    if content.get("type") == "raw":
        content.pop("templateId", None)
        content.pop("templateParams", None)
        if not _has_text(content.get("subject")):
            content["subject"] = "Your receipt"
        if not _has_text(content.get("body")):
            content["body"] = "Thanks for your order."
    elif content.get("type") == "template":
        content.pop("body", None)
        if TEMPLATE_NAME:
            content["templateId"] = TEMPLATE_NAME
        content["subject"] = _rendered(content.get("subject"))


def _dgapi_body(path, body):
    """
    A Disposition Gateway task: numbers as `_possible` makes them, the email's template is the
    run's fixture (a template must exist in the app), its recipients and attachments as
    `_copies` and `_attachment` make them, and its entity is the case's own.
    """
    for field in ("to", "from"):
        if path.startswith("/sms") and isinstance(body.get(field), str):
            body[field] = _possible(body[field])
    if path == "/email" and isinstance(body.get("template"), str) and TEMPLATE_NAME:
        body["template"] = TEMPLATE_NAME
        body["subject"] = _rendered(body.get("subject"))
    if path == "/email":
        _copies(body)
        _header_names(body)
    if path == "/email" and "entity" in body:
        body["entity"] = _unique_entity(body["entity"])
    if path == "/email" and isinstance(body.get("attachments"), list):
        for attachment in body["attachments"]:
            if isinstance(attachment, dict):
                _attachment(attachment)


def _positive(case, location):
    return not case.meta or not case.meta.is_negative_at(location)


@schemathesis.hook
def map_case(context, case):
    """
    Case hooks run in every phase (examples, coverage, fuzzing, stateful); body and query
    hooks do not run in all of them. Only components drawn as valid are moved.
    """
    operation = case.operation
    body = case.body
    if isinstance(body, dict):
        _outbound(body)
    if isinstance(body, dict) and _positive(case, ParameterLocation.BODY):
        if SEND_ROUTE.match(operation.path):
            _send_body(operation.path, body)
            _app(body)
        if operation.path in DIALECT_SENDS:
            _dialect_body(operation.path, body)
            _app(body)
        if NDC_SEND_ROUTE.match(operation.path):
            _ndc_body(operation.path, body)
        if operation.path in DGAPI_TASK_ROUTES:
            _dgapi_body(operation.path, body)
        if operation.path in ("/api/v1/templates", "/api/v1/templates/{templateId}"):
            _template_body(operation.method.upper(), body)
            if operation.method.upper() == "POST":
                _app(body)
    entity = (case.path_parameters or {}).get("entity")
    if operation.path == "/sms/{entity}" and operation.method.upper() in ("PUT", "POST"):
        if _positive(case, ParameterLocation.PATH):
            case.path_parameters["entity"] = _unique_entity(entity)
    if isinstance(case.query, dict) and _positive(case, ParameterLocation.QUERY):
        _query(case.query)
        if operation.path.endswith("/engagement"):
            _engagement_range(case.query)
    return case


@schemathesis.hook
def before_add_examples(context, examples):
    """The examples phase takes no case hooks: the same rules, for the document's examples."""
    for case in examples:
        map_case(context, case)


@schemathesis.hook
def before_call(context, case, kwargs):
    """
    The stateful phase merges values its links carry (an id from an earlier answer) into a body
    after the case hooks ran: a `templateId` can land in raw content. The same moves again, on
    what is actually sent.
    """
    map_case(context, case)
