"""Demo radio bulletins of the commune's loudspeaker station: two bulletins with their transcripts.

Their sound is a few seconds of silence made here (core.media_files.silent_mp3), never a recording
shipped in the repository; the transcript says so, so that nobody mistakes it for a real broadcast.
"""
from __future__ import annotations

from ..media_files import AUDIO_TYPES, MAX_AUDIO_BYTES, audio_seconds, save_media, silent_mp3
from ..radio import RadioBulletins

NOTE = "(Bản tin mẫu: tệp âm thanh là vài giây im lặng, nội dung đầy đủ ở dưới.)"
BULLETINS = (
    ("Bản tin phát thanh sáng thứ Hai: lịch tiêm chủng và thu hoạch lúa mùa", "2025-10-13", (
        "Kính thưa bà con nhân dân trong xã {commune}.",
        "Trạm Y tế xã thông báo: sáng thứ Năm tuần này tổ chức tiêm chủng mở rộng cho trẻ dưới 5 tuổi tại "
        "hội trường thôn. Đề nghị các gia đình mang theo sổ tiêm chủng.",
        "Ủy ban nhân dân xã khuyến cáo bà con thu hoạch lúa mùa khi chín 85 đến 90 phần trăm, không đốt rơm rạ "
        "trên đồng ruộng để giữ môi trường.",
    )),
    ("Bản tin phát thanh cuối tuần: phòng cháy chữa cháy và an toàn giao thông", "2025-10-18", (
        "Kính thưa bà con nhân dân trong xã {commune}.",
        "Mùa hanh khô đến gần, đề nghị các hộ gia đình kiểm tra hệ thống điện, không để chất dễ cháy gần bếp; "
        "khi có cháy gọi ngay 114.",
        "Công an xã nhắc nhở người tham gia giao thông đội mũ bảo hiểm, không sử dụng rượu bia khi lái xe, "
        "đưa đón học sinh an toàn trên tuyến đường liên xã.",
    )),
)


def seed_radio(radio: RadioBulletins, commune: str) -> None:
    """Add the demo bulletins, each with a short silent MP3 and its transcript."""
    for title, aired_on, lines in BULLETINS:
        sound = silent_mp3(4)
        audio = save_media(radio.store, sound, AUDIO_TYPES, "audio", MAX_AUDIO_BYTES)
        transcript = "\n".join([NOTE, *(line.format(commune=commune) for line in lines)])
        radio.save({"title": title, "aired_on": aired_on, "audio": audio, "seconds": audio_seconds(sound),
                    "transcript": transcript})
