"""Email domains anyone can sign up at: a shared domain proves nothing about who a person works for.

Kept by hand from the largest consumer providers and their regional and legacy domains.
Add a domain here (lower case) when support sees a false match.
"""

FREEMAIL_DOMAINS: frozenset[str] = frozenset(
    """
    gmail.com googlemail.com
    outlook.com outlook.fr outlook.de outlook.es outlook.it outlook.jp outlook.co.uk outlook.com.au
    hotmail.com hotmail.co.uk hotmail.fr hotmail.de hotmail.es hotmail.it hotmail.ca hotmail.com.au
    live.com live.co.uk live.fr live.de live.ca live.com.au msn.com passport.com
    yahoo.com yahoo.co.uk yahoo.fr yahoo.de yahoo.es yahoo.it yahoo.ca yahoo.com.au yahoo.co.jp yahoo.co.in
    ymail.com rocketmail.com
    aol.com aim.com
    icloud.com me.com mac.com
    proton.me protonmail.com protonmail.ch pm.me
    tutanota.com tutanota.de tuta.io tutamail.com
    zoho.com zohomail.com
    mail.com email.com usa.com post.com
    gmx.com gmx.net gmx.de gmx.at gmx.ch web.de t-online.de freenet.de
    yandex.com yandex.ru ya.ru mail.ru bk.ru inbox.ru list.ru rambler.ru
    qq.com 163.com 126.com yeah.net sina.com sohu.com aliyun.com
    naver.com daum.net hanmail.net
    rediffmail.com
    orange.fr wanadoo.fr free.fr laposte.net sfr.fr libero.it virgilio.it tiscali.it
    btinternet.com sky.com virginmedia.com talktalk.net
    comcast.net verizon.net att.net sbcglobal.net bellsouth.net cox.net charter.net earthlink.net
    shaw.ca rogers.com sympatico.ca bigpond.com optusnet.com.au
    fastmail.com fastmail.fm hey.com hushmail.com
    mailinator.com guerrillamail.com 10minutemail.com
    """.split()
)


def is_freemail(domain: str) -> bool:
    return domain.strip().lower() in FREEMAIL_DOMAINS
