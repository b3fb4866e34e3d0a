"""Demo board content for `make run`: posts in Japanese with English versions, written for
Ibasho (the organisations, numbers and people in them are made up), and three illustrations
drawn by ``demo_art``. Idempotent: a post or image already there (by its title or file name)
is left alone, so running the seed twice changes nothing.
"""
from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime, timedelta

from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession

from avatars.models import Account
from rooms.boards import demo_art, service
from rooms.boards.images import process_image
from rooms.boards.models import BoardImage, BoardPost
from rooms.desk.demo import DEMO_HOURS
from rooms.desk.hours_text import hours_markdown
from rooms.boards.storage import ImageStore
from server.core.clock import Clock
from server.core.principal import Principal, Role


@dataclass(frozen=True, slots=True)
class DemoImage:
    name: str
    alt: str
    draw: Callable[[], bytes]  # -> PNG bytes


@dataclass(frozen=True, slots=True)
class DemoPost:
    category: str
    title_ja: str
    body_ja: str
    title_en: str
    body_en: str
    image: str | None = None
    pinned: bool = False


DEMO_IMAGES = (
    DemoImage("demo-sunrise.png", "なだらかな丘の向こうから、朝日がのぼってくる絵", demo_art.sunrise),
    DemoImage("demo-tea.png", "湯気の立つ紅茶のカップが、木のテーブルに置かれている絵", demo_art.cup_of_tea),
    DemoImage("demo-path.png", "木々のあいだを、ゆるやかに曲がりながら続く小道の絵", demo_art.path),
)

DEMO_POSTS = (
    DemoPost(
        "consult",
        "はじめての相談で、どんなことが起きるの?",
        """相談といっても、何かを決めなければいけない場ではありません。いまの様子を、話せる範囲で聞かせてもらう時間です。

## 相談の流れ

1. スペースの「相談の棟」で、都合のよい時間を選んで予約します。
2. 時間になったら部屋に入ります。声を出さず、文字だけでも大丈夫です。
3. 相談員が、困っていることや気になっていることをうかがいます。話したくないことは、話さなくてかまいません。
4. 最後に、これからどうするかを一緒に考えます。「今日はここまで」で終わってもいいのです。

## どんな人が聞いてくれるの?

公認心理師・臨床心理士、精神保健福祉士、保健師などの専門職と、相談を受けてきた経験のある相談員です。必要なときは、法律やお仕事の専門家にもおつなぎします。

## 相談デスクが開いている時間

{desk_hours}

本名や住所をお伝えいただく必要はありません。ニックネームのままで相談できます。""",
        "Your first consultation: what actually happens?",
        """A consultation is not a place where you have to decide anything. It is time for us to hear how things are, as much as you want to share.

## How it goes

1. In the space, go to the "Consultation wing" and book a time that suits you.
2. When the time comes, step into the room. You can stay silent and type; that is fine.
3. A counsellor asks what is troubling you or on your mind. You never have to talk about what you'd rather not.
4. At the end you think together about what could come next. Stopping with "that's enough for today" is fine too.

## Who listens?

Clinical psychologists, psychiatric social workers, public health nurses and counsellors with long experience. When it helps, we can put you in touch with legal or career specialists.

## When the consultation desk is open

{desk_hours}

You don't need to give your real name or address. You can consult under your nickname.""",
        pinned=True,
    ),
    DemoPost(
        "consult",
        "声を出さなくても、文字で相談できます",
        """電話や対面が苦手でも、ここでは**文字だけ**で相談できます。返事を考える時間がほしいときは、ゆっくりで大丈夫です。

すぐに話すのが難しいときは、「お手紙」を使うこともできます。相談員あてに短いメッセージを残しておくと、数日のうちに返事が届きます。一通だけで終わっても、何度やりとりしてもかまいません。

- 相談の声や画面は、録音も録画もしません。
- 相談員が続けて支えるためのメモは残しますが、あなたの同意なしにほかの機関へ伝えることはありません。""",
        "You can consult in writing, without speaking",
        """If phone calls or meeting in person feel hard, here you can consult **in text only**. If you need time to think about your reply, take it slowly.

When talking right away is too much, you can also use "letters": leave a short message for a counsellor and a reply arrives within a few days. One letter is fine; so are many.

- Consultations are never recorded, neither voice nor screen.
- Counsellors keep notes so they can keep supporting you, but they never pass anything to another organisation without your consent.""",
    ),
    DemoPost(
        "events",
        "話さなくてもいいお茶会",
        """スペースの「イベントホール」で、ときどき小さなお茶会をひらきます。

- 話さずに、その場にいるだけでも大歓迎です。
- 途中から来ても、途中で帰っても大丈夫です。
- 主催のスタッフが、いつも一人はいます。

ひらく日と時間は、画面の「催し」の一覧と /events のページにのせます。一覧に出ていなければ、次の回はまだ決まっていません。その回のテーマは、ホールの看板に書いておきます。答えたくなければ、スタンプを一つ置いていくだけでも十分です。""",
        "A tea gathering where nobody has to talk",
        """From time to time we hold a small tea gathering in the space's "Event hall".

- Just being there without saying a word is very welcome.
- Arrive late or leave early as you like.
- At least one hosting staff member is always there.

The day and time are listed under "Events" on the screen and on the /events page. If none is listed, the next one has not been set yet. Each time's topic is written on the hall's sign. If you'd rather not answer, leaving a single stamp is plenty.""",
        image="demo-tea.png",
    ),
    DemoPost(
        "events",
        "ご家族のための学びの会",
        """ご家族向けの学びの会を、ひと月に一度ほどひらきます。

前半は、ひきこもりについての基本や、声のかけ方について短いお話があります。後半は、同じ立場のご家族どうしで、話せる範囲で近況を分かち合います。

親御さんだけでなく、きょうだいや配偶者の方も参加できます。日時は「催し」の一覧にのせます。申し込みは一覧からボタン一つで、連絡先はいりません。聞くだけの参加もどうぞ。""",
        "A learning circle for families",
        """About once a month we hold a learning circle for families.

The first half is a short talk on the basics of hikikomori and on ways of speaking with your family member. In the second half, families in the same position share how things are, as much as each wishes.

Not only parents but also siblings and partners are welcome. The dates are listed under "Events". You sign up there with one button, and no contact details are needed. Just listening is fine too.""",
    ),
    DemoPost(
        "voices",
        "窓から見ていた朝のこと",
        """(ピアサポーターのコラムです。デモ用に書いた文章です)

家から出られなかった三年間、わたしはいつも、カーテンのすきまから朝を見ていました。みんなが出かけていく時間、自分だけが取り残されているようで、朝がいちばん苦手でした。

変わったきっかけは、大きな出来事ではありません。ある日、朝の空の色をノートに書いてみたのです。「うすいオレンジ」「灰色」「雨」。それが一か月つづいたとき、自分にもつづけられることがあると、少しだけ思えました。

いま、同じ場所にいる人に伝えたいのは、急がなくていいということです。外に出る日は、来るときに来ます。その前に、小さな「できた」を一つずつ数えていけばいいのだと思います。""",
        "The mornings I watched from my window",
        """(A column by a peer supporter, written for this demo.)

For the three years I couldn't leave home, I watched the mornings through a gap in the curtains. It was the hour everyone else went out, and I felt left behind, so mornings were the hardest part of the day.

What changed things was nothing big. One day I wrote the colour of the morning sky in a notebook: "pale orange", "grey", "rain". When that had lasted a month, I thought, just a little, that there was something I could keep doing too.

What I want to tell anyone in that place now: there is no need to hurry. The day you go out will come when it comes. Until then, it is enough to count small "I managed it"s, one at a time.""",
        image="demo-sunrise.png",
    ),
    DemoPost(
        "voices",
        "「相談してみた」あとに変わったこと",
        """(経験者のコラムです。デモ用に書いた文章です)

はじめて相談したのは、夜中にひとりで考えごとが止まらなくなった日でした。文字だけの相談だったので、顔も声も出さずにすみました。

何か解決したわけではありません。でも「それはつらかったですね」と返ってきた一行で、自分の気持ちに名前がついた気がしました。

次の相談まで一か月あいても、相談員さんは前のことを覚えていてくれました。つながりが切れないことが、あのころのわたしにはいちばん大きかったのです。""",
        "What changed after I tried consulting",
        """(A column by someone with lived experience, written for this demo.)

The first time I consulted was on a night when my thoughts wouldn't stop going round. It was a text-only consultation, so I didn't have to show my face or use my voice.

Nothing was solved. But one line came back, "That sounds really hard", and it felt as if my feelings had been given a name.

Even when a month passed before the next consultation, the counsellor remembered what we had talked about. Not losing that connection was what mattered most to me then.""",
    ),
    DemoPost(
        "families",
        "ご家族が、まず自分を大切にしていい理由",
        """本人のことで頭がいっぱいになると、ご家族は自分のことを後回しにしがちです。けれど、長い道のりを一緒に歩くには、支える側の元気がいちばんの土台になります。

- 眠れていますか。食べられていますか。
- 気持ちを話せる相手が、一人でもいますか。
- 趣味や楽しみを、やめてしまっていませんか。

ご家族だけの相談も受けています。本人が相談に来られなくても、まったくかまいません。実際、最初のご相談の多くはご家族からです。""",
        "Why it's okay for families to look after themselves first",
        """When your mind is full of worry for your family member, it is easy to put yourself last. Yet to walk a long road together, the strength of the one who supports is the most important foundation.

- Are you sleeping? Are you eating?
- Is there at least one person you can talk to about how you feel?
- Have you given up your hobbies or the things you enjoy?

We also offer consultations for families alone. It is completely fine if your family member can't come. In fact, most first contacts come from families.""",
        image="demo-path.png",
    ),
    DemoPost(
        "families",
        "声をかけるときの、小さなヒント",
        """正解のことばはありませんが、ご家族からよく聞く「これは続けやすかった」を集めました。

1. **あいさつは返事を期待せずに。** 「おはよう」「おやすみ」を、返ってこなくても毎日。
2. **質問より、ひとこと報告。** 「今日は雨だったよ」「新しいパン屋さんができたよ」。
3. **「いつ外に出るの?」は、いったんしまっておく。** 責められていると感じやすいことばです。
4. **好きなものの話題を大切に。** ゲームや音楽の話は、つながりの入口になります。

うまくいかない日があっても大丈夫です。その日のことを、相談員と一緒にふり返ることもできます。""",
        "Small hints for talking with your family member",
        """There is no perfect phrase, but here are things families often tell us were easy to keep doing.

1. **Greet without expecting an answer.** "Good morning", "good night", every day, even if nothing comes back.
2. **Share a small piece of news rather than ask.** "It rained today." "A new bakery opened."
3. **Put "when will you go out?" away for now.** It is easily heard as blame.
4. **Treasure the things they like.** Games or music can be a doorway to connection.

Days when it doesn't go well are okay. You can look back on them together with a counsellor.""",
    ),
    DemoPost(
        "local",
        "みどり市ひきこもり地域支援センター(架空の機関です)",
        """**していること:** ご本人やご家族からの相談(電話・来所・オンライン)、訪問、居場所づくり、ほかの機関への橋渡し。

**受付時間:** 平日 9:00〜17:00(祝日・年末年始を除く)

**連絡のしかた:**

- 電話: 000-0000-0000(デモ用の架空の番号です)
- このスペースの「相談の棟」からも予約できます。

相談は無料です。匿名でもかまいません。""",
        "Midori City Hikikomori Regional Support Centre (a fictional organisation)",
        """**What they do:** consultations for individuals and families (phone, in person, online), home visits, drop-in places, and connecting you with other services.

**Hours:** weekdays 9:00-17:00 (closed on public holidays and over the New Year)

**How to get in touch:**

- Phone: 000-0000-0000 (a made-up number for this demo)
- You can also book from the "Consultation wing" in this space.

Consultations are free, and you may stay anonymous.""",
    ),
    DemoPost(
        "local",
        "NPO法人 ひだまりの家(架空の団体です)",
        """**していること:** 週3回ひらいているフリースペース。読書、ボードゲーム、料理の日などがあります。元当事者のスタッフがいます。

**ひらいている時間:** 月・水・金 13:00〜18:00

**連絡のしかた:**

- メール: hidamari@example.org(デモ用の架空のアドレスです)
- 見学だけの訪問もできます。事前の連絡がなくても大丈夫です。""",
        "NPO Hidamari House (a fictional organisation)",
        """**What they do:** a free space open three days a week, with reading, board games and cooking days. Some staff have lived experience themselves.

**Open:** Mondays, Wednesdays and Fridays 13:00-18:00

**How to get in touch:**

- E-mail: hidamari@example.org (a made-up address for this demo)
- You can visit just to look around, without letting them know first.""",
    ),
    DemoPost(
        "faq",
        "本人が来られなくても、家族だけで相談できますか?",
        """はい、できます。ご家族だけのご相談は、まったく珍しくありません。

ご家族の相談から始まり、長い時間をかけて、ご本人とつながっていくこともよくあります。まずはご家族が安心して話せることを、いちばん大切にしています。""",
        "Can families consult without the person themselves?",
        """Yes. Consultations with family members alone are not unusual at all.

It often starts with the family, and over a long time a connection with the person grows. Our first concern is that you, the family, can talk with peace of mind.""",
    ),
    DemoPost(
        "faq",
        "相談したことが、だれかに知られることはありますか?",
        """ありません。このスペースでは本名も連絡先も聞きません。ニックネームだけで入れます。

相談の声や画面は記録しません。相談員のメモは、あなたを続けて支えるためだけに使い、あなたの同意なしにほかの機関やご家族へ伝えることはありません。

ただし、命にかかわる危険があるときは、あなたを守るために動くことがあります。そのときも、できるかぎりあなたと相談しながら進めます。""",
        "Will anyone find out that I consulted?",
        """No. In this space we never ask for your real name or contact details. You can come in with just a nickname.

Consultations are not recorded, neither voice nor screen. Counsellors' notes are used only to keep supporting you, and are never passed to other organisations or to your family without your consent.

The one exception: if a life is in danger, we may act to keep you safe. Even then, we will talk it through with you as far as we possibly can.""",
    ),
)


class _Earlier:
    """The given clock, set back a few minutes."""

    def __init__(self, clock: Clock, *, minutes: int):
        self._clock, self._delta = clock, timedelta(minutes=minutes)

    def now(self) -> datetime:
        return self._clock.now() - self._delta

    def monotonic(self) -> float:
        return self._clock.monotonic()


async def _author(db: AsyncSession, author_id: str) -> Principal:
    account = await db.get(Account, author_id)
    if account is None:
        raise LookupError("the demo author account does not exist")
    return Principal(account_id=account.id, role=Role(account.role), is_guest=False, nickname=account.nickname)


async def _seed_images(db: AsyncSession, clock: Clock, author: Principal, store: ImageStore) -> tuple[dict[str, str], int]:
    ids: dict[str, str] = {}
    created = 0
    for spec in DEMO_IMAGES:
        existing = await db.scalar(select(BoardImage).where(BoardImage.name == spec.name))
        if existing is not None and store.exists(existing.id, existing.content_type):
            ids[spec.name] = existing.id
            continue
        if existing is not None:  # the row survived but the data directory was wiped
            await db.delete(existing)
            await db.flush()
        row = await service.save_image(db, clock, author, store, process_image(spec.draw()), name=spec.name, alt=spec.alt)
        ids[spec.name] = row.id
        created += 1
    return ids, created


def filled(body: str, lang: str) -> str:
    """A demo post's facts come from the product's own data, so the boards never contradict
    the desk: ``{desk_hours}`` becomes the desk's demo opening hours."""
    return body.replace("{desk_hours}", hours_markdown(DEMO_HOURS, lang))


async def seed_boards(db: AsyncSession, clock: Clock, author_id: str, store: ImageStore | None = None) -> int:
    """Publish the demo posts as ``author_id`` (with images when a store is given).
    Returns how many posts and images were created."""
    author = await _author(db, author_id)
    image_ids, created = await _seed_images(db, clock, author, store) if store is not None else ({}, 0)
    for order, spec in enumerate(DEMO_POSTS):
        if await db.scalar(select(BoardPost.id).where(BoardPost.title_ja == spec.title_ja)) is None:
            # A minute apart, so the first post of each category reads as the newest.
            when = _Earlier(clock, minutes=order)
            fields = service.PostFields(
                category=spec.category, title_ja=spec.title_ja, body_ja=filled(spec.body_ja, "ja"), title_en=spec.title_en,
                body_en=filled(spec.body_en, "en"), image_id=image_ids.get(spec.image or ""), pinned=spec.pinned,
            )
            post = (await service.create_post(db, when, author, fields)).value
            await service.publish_post(db, when, author, post.id)
            created += 1
    return created
